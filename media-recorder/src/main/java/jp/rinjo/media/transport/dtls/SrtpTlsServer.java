package jp.rinjo.media.transport.dtls;

import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jp.rinjo.media.transport.dtls.DtlsHandshakeException.Reason;
import jp.rinjo.media.transport.srtp.SrtpKeyingMaterial;
import jp.rinjo.media.transport.srtp.SrtpProfile;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BouncyCastle's view of one DTLS-SRTP server handshake: DTLS 1.2 only, ECDHE-ECDSA AEAD suites,
 * a mandatory client certificate checked against the signalled fingerprint, and {@code use_srtp}.
 * One instance per handshake; BC calls it from the handshake thread only.
 */
final class SrtpTlsServer extends DefaultTlsServer {
    private static final Logger log = LoggerFactory.getLogger(SrtpTlsServer.class);

    /**
     * What Chrome, Firefox and Safari offer for an ECDSA certificate, strongest-first as BC picks
     * in the client's order anyway. AES-128-GCM is the one every browser has.
     */
    private static final int[] CIPHER_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private final DtlsCertificate certificate;
    private final Certificate tlsCertificate;
    private final DtlsConfig config;
    private final DtlsFingerprint expectedPeer;
    private final String logId;

    private volatile SrtpProfile profile;
    private volatile DtlsFingerprint peerFingerprint;
    private volatile DtlsResult result;
    private volatile DtlsHandshakeException failure;
    private volatile boolean peerSentCloseNotify;
    private volatile int minEncryptedRecordLength = 16;

    SrtpTlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsConfig config, DtlsFingerprint expectedPeer,
                  String logId) throws IOException {
        super(crypto);
        this.certificate = certificate;
        this.tlsCertificate = new Certificate(new TlsCertificate[] {crypto.createCertificate(certificate.encoded())});
        this.config = config;
        this.expectedPeer = expectedPeer;
        this.logId = logId;
    }

    /** Set once the handshake completed. */
    DtlsResult result() {
        return result;
    }

    /** The first failure this class diagnosed itself, which is more precise than BC's alert. */
    DtlsHandshakeException failure() {
        return failure;
    }

    boolean peerSentCloseNotify() {
        return peerSentCloseNotify;
    }

    /**
     * Smallest valid encrypted record body for the chosen suite: the AEAD tag (16) plus, for
     * AES-GCM, the 8-byte explicit nonce (RFC 5288 §3); ChaCha20-Poly1305 has none (RFC 7905 §2).
     */
    int minEncryptedRecordLength() {
        return minEncryptedRecordLength;
    }

    @Override
    protected boolean selectCipherSuite(int cipherSuite) throws IOException {
        minEncryptedRecordLength = cipherSuite == CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ? 16 : 24;
        return super.selectCipherSuite(cipherSuite);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        // WebRTC uses DTLS 1.2 (RFC 8827 §6.5); BC's DTLS 1.3 is incomplete.
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return (int) config.handshakeTimeout().toMillis();
    }

    /**
     * The RFC 5705 exporter that derives the SRTP keys is only safe with the extended master secret
     * (RFC 7627 §5.4), and BC refuses to export without it. Every browser sends it; insisting makes
     * a client without it fail during the handshake with a clear alert instead of afterwards.
     */
    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    /** BC's DTLS never renegotiates, so a client without renegotiation_info is harmless (RFC 5746 §4.3). */
    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) {
        // accept either way
    }

    @Override
    @SuppressWarnings("rawtypes") // BouncyCastle\'s TLS API predates generics
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offer = clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offer == null) {
            throw fail(Reason.NO_USE_SRTP, "client did not offer the use_srtp extension",
                    AlertDescription.handshake_failure);
        }
        int[] offered = offer.getProtectionProfiles();
        Optional<SrtpProfile> chosen = choose(config.srtpProfiles(), offered);
        if (chosen.isEmpty()) {
            throw fail(Reason.NO_COMMON_SRTP_PROFILE, "client offered SRTP profiles " + hex(offered)
                    + ", server accepts " + config.srtpProfiles(), AlertDescription.handshake_failure);
        }
        profile = chosen.get();
        if (offer.getMki().length > 0) {
            // RFC 5764 §4.1.1 lets the server answer with an empty MKI; WebRTC never uses one.
            log.debug("[{}] client offered an SRTP MKI; answering without one", logId);
        }
        log.debug("[{}] use_srtp: client offered {}, chose {}", logId, hex(offered), profile);
    }

    /** The server's first acceptable profile that the client offered: server preference wins. */
    static Optional<SrtpProfile> choose(List<SrtpProfile> accepted, int[] offered) {
        return accepted.stream().filter(p -> Arrays.stream(offered).anyMatch(id -> id == p.id())).findFirst();
    }

    @Override
    @SuppressWarnings("rawtypes") // BouncyCastle\'s TLS API predates generics
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        // RFC 5764 §4.1.1: the server echoes use_srtp with exactly one profile.
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {profile.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), (BcTlsCrypto) getCrypto(),
                certificate.bcPrivateKey(), tlsCertificate,
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** Asking for a certificate is what makes the client prove it holds the key behind its SDP fingerprint. */
    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw fail(Reason.NO_CLIENT_CERTIFICATE, "client sent no certificate", AlertDescription.handshake_failure);
        }
        // RFC 8122 §5: the fingerprint is of the end-entity certificate, the first in the chain.
        byte[] der = clientCertificate.getCertificateAt(0).getEncoded();
        DtlsFingerprint actual = DtlsFingerprint.of(expectedPeer.hashFunction(), der);
        if (!expectedPeer.matches(der)) {
            throw fail(Reason.FINGERPRINT_MISMATCH, "client certificate is " + actual
                    + " but its SDP announced " + expectedPeer, AlertDescription.bad_certificate);
        }
        peerFingerprint = actual;
        log.debug("[{}] client certificate matches {}", logId, expectedPeer);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        // Must run here: BC wipes the master secret when accept() returns.
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
        try {
            String suite = suiteName(context.getSecurityParametersConnection().getCipherSuite());
            result = new DtlsResult(SrtpKeyingMaterial.fromExporterOutput(profile, exported), suite, peerFingerprint);
            log.debug("[{}] DTLS handshake complete: {}, SRTP {}, peer {}", logId, suite, profile, peerFingerprint);
        } finally {
            Arrays.fill(exported, (byte) 0);
        }
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        log.debug("[{}] DTLS alert sent: {} {}{}", logId, AlertLevel.getText(level),
                AlertDescription.getText(description), message == null ? "" : " (" + message + ")");
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            peerSentCloseNotify = true;
        }
        log.debug("[{}] DTLS alert received: {} {}", logId, AlertLevel.getText(level),
                AlertDescription.getText(description));
    }

    private TlsFatalAlert fail(Reason reason, String message, short alert) {
        DtlsHandshakeException e = new DtlsHandshakeException(reason, message, null);
        if (failure == null) {
            failure = e;
        }
        return new TlsFatalAlert(alert, message);
    }

    static String suiteName(int suite) {
        return switch (suite) {
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 -> "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 -> "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ->
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
            default -> String.format("0x%04X", suite);
        };
    }

    private static String hex(int[] ids) {
        return Arrays.stream(ids).mapToObj(id -> String.format("0x%04X", id)).collect(Collectors.joining(",", "[", "]"));
    }
}
