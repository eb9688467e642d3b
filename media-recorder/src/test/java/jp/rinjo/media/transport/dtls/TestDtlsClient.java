package jp.rinjo.media.transport.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import jp.rinjo.media.transport.srtp.SrtpKeyingMaterial;
import jp.rinjo.media.transport.srtp.SrtpProfile;

/**
 * Plays the browser: a BouncyCastle DTLS 1.2 client that presents its own ECDSA certificate,
 * offers use_srtp, checks the server's fingerprint like a browser checks the SDP answer, and
 * exports the SRTP keys itself so tests can compare both ends.
 */
public final class TestDtlsClient extends DefaultTlsClient {
    private final DtlsCertificate clientCertificate;
    private final DtlsFingerprint expectedServer;
    private final int[] offeredProfiles;

    private volatile SrtpProfile chosenProfile;
    private volatile SrtpKeyingMaterial keyingMaterial;

    /**
     * @param clientCertificate certificate to present, or null to present none
     * @param expectedServer    fingerprint the server must have
     * @param offeredProfiles   use_srtp profile ids to offer, or null to omit the extension
     */
    public TestDtlsClient(DtlsCertificate clientCertificate, DtlsFingerprint expectedServer, int... offeredProfiles) {
        super(new BcTlsCrypto());
        this.clientCertificate = clientCertificate;
        this.expectedServer = expectedServer;
        this.offeredProfiles = offeredProfiles;
    }

    public static int[] ids(SrtpProfile... profiles) {
        int[] ids = new int[profiles.length];
        for (int i = 0; i < profiles.length; i++) {
            ids[i] = profiles[i].id();
        }
        return ids;
    }

    /** Runs the handshake on the calling thread. */
    public DTLSTransport connect(DatagramTransport transport) throws IOException {
        return new DTLSClientProtocol().connect(this, transport);
    }

    public SrtpKeyingMaterial keyingMaterial() {
        return keyingMaterial;
    }

    SrtpProfile chosenProfile() {
        return chosenProfile;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        // Chrome's order for an ECDSA certificate.
        return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256});
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return 20_000;
    }

    @Override
    @SuppressWarnings("rawtypes") // BouncyCastle\'s TLS API predates generics
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        if (offeredProfiles != null) {
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes") // BouncyCastle\'s TLS API predates generics
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData answer = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (answer == null || answer.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server must echo exactly one SRTP profile");
        }
        chosenProfile = SrtpProfile.fromId(answer.getProtectionProfiles()[0]).orElseThrow(
                () -> new TlsFatalAlert(AlertDescription.illegal_parameter, "unknown SRTP profile"));
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                byte[] der = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                if (!expectedServer.matches(der)) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, "server fingerprint mismatch");
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                if (clientCertificate == null) {
                    return null;
                }
                BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
                Certificate chain = new Certificate(new TlsCertificate[] {
                        crypto.createCertificate(clientCertificate.encoded())});
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                        clientCertificate.bcPrivateKey(), chain,
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                chosenProfile.keyingMaterialLength());
        keyingMaterial = SrtpKeyingMaterial.fromExporterOutput(chosenProfile, exported);
    }
}
