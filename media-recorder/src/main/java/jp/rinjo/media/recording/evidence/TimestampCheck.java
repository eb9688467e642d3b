package jp.rinjo.media.recording.evidence;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

import jp.rinjo.media.recording.format.Sha256;

/**
 * Checks an RFC 3161 time-stamp response ({@code manifest.tsr}) against the bytes it claims to
 * stamp: granted, SHA-256 imprint equal to the hash of those bytes, token signed by the TSA
 * certificate carried in the token (with the timeStamping usage, valid at the stamped time), and —
 * when trusted certificates are given — a certification path (PKIX) from that certificate to one of
 * them, through the token's other certificates and any intermediates given, every certificate valid
 * at the stamped time. Revocation is not checked: nothing in the package says whether a certificate
 * was revoked then, and a CRL or OCSP answer fetched today would not either.
 */
public final class TimestampCheck {
    /**
     * What the token says, once checked.
     *
     * @param accuracy how far from the true time the TSA vouches its genTime is (RFC 3161 {@code accuracy}: the true
     *                 time is within genTime ± this); empty when the token does not say
     */
    public record Info(Instant genTime, Optional<Duration> accuracy, String serial, String policy, String tsaCertificateSubject) {
    }

    /**
     * What a token's certificate is checked against.
     *
     * @param anchors       the certificates trusted as they are (the TSA's own, or a CA's); none: not anchored,
     *                      the token is checked only against the certificate it carries
     * @param intermediates certificates a path may go through but that are not trusted by themselves
     */
    public record TsaTrust(List<X509Certificate> anchors, List<X509Certificate> intermediates) {
        public TsaTrust {
            anchors = List.copyOf(anchors);
            intermediates = List.copyOf(intermediates);
        }

        public static TsaTrust none() {
            return new TsaTrust(List.of(), List.of());
        }

        public static TsaTrust of(Optional<X509Certificate> anchor) {
            return new TsaTrust(anchor.stream().toList(), List.of());
        }

        public boolean anchored() {
            return !anchors.isEmpty();
        }
    }

    /** A check that failed; the message says exactly what. */
    public static final class Failure extends Exception {
        public Failure(String message) {
            super(message);
        }
    }

    private TimestampCheck() {
    }

    public static Info verify(byte[] tsr, byte[] stamped, Optional<X509Certificate> trustedTsa) throws Failure {
        return verify(tsr, stamped, TsaTrust.of(trustedTsa));
    }

    public static Info verify(byte[] tsr, byte[] stamped, TsaTrust trust) throws Failure {
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(tsr);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new Failure("not an RFC 3161 time-stamp response: " + e.getMessage());
        }
        if (response.getStatus() > 1) {
            throw new Failure("the TSA did not grant the time-stamp (status " + response.getStatus() + ": " + response.getStatusString() + ")");
        }
        TimeStampToken token = response.getTimeStampToken();
        if (token == null) {
            throw new Failure("the response holds no time-stamp token");
        }
        return verifyToken(token, stamped, trust);
    }

    static Info verifyToken(TimeStampToken token, byte[] stamped, TsaTrust trust) throws Failure {
        var info = token.getTimeStampInfo();
        if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())) {
            throw new Failure("the token's imprint uses " + info.getMessageImprintAlgOID() + ", not SHA-256");
        }
        byte[] expected = Sha256.digest(stamped).bytes();
        if (!Arrays.equals(expected, info.getMessageImprintDigest())) {
            throw new Failure("the token's imprint " + Sha256.of(info.getMessageImprintDigest()) + " is not the SHA-256 of manifest.json ("
                    + Sha256.of(expected) + "): the token is for other bytes");
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = token.getCertificates().getMatches(token.getSID());
        if (certs.isEmpty()) {
            throw new Failure("the token carries no TSA certificate to check its signature with");
        }
        X509CertificateHolder cert = certs.iterator().next();
        try {
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(cert));
        } catch (TSPException | OperatorCreationException | java.security.cert.CertificateException | RuntimeException e) {
            throw new Failure("the token's signature does not verify against its TSA certificate (" + cert.getSubject() + "): "
                    + e.getMessage());
        }
        if (trust.anchored()) {
            checkPath(token, cert, trust, info.getGenTime());
        }
        return new Info(info.getGenTime().toInstant(), accuracy(info.getAccuracy()), info.getSerialNumber().toString(16),
                info.getPolicy() == null ? "" : info.getPolicy().getId(), cert.getSubject().toString());
    }

    /** RFC 3161's accuracy: seconds, millis (1–999) and micros (1–999), each optional. */
    private static Optional<Duration> accuracy(org.bouncycastle.asn1.tsp.Accuracy a) {
        if (a == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(value(a.getSeconds())).plusMillis(value(a.getMillis())).plusNanos(value(a.getMicros()) * 1_000L));
    }

    private static long value(org.bouncycastle.asn1.ASN1Integer i) {
        return i == null ? 0 : i.longValueExact();
    }

    private static void checkPath(TimeStampToken token, X509CertificateHolder signer, TsaTrust trust, Date genTime) throws Failure {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        X509Certificate target;
        List<X509Certificate> known = new ArrayList<>(trust.intermediates());
        try {
            target = converter.getCertificate(signer);
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> carried = token.getCertificates().getMatches(null);
            for (X509CertificateHolder h : carried) {
                known.add(converter.getCertificate(h));
            }
        } catch (java.security.cert.CertificateException e) {
            throw new Failure("the token carries a certificate that cannot be read: " + e.getMessage());
        }
        if (trust.anchors().contains(target)) {
            return; // the TSA's own certificate was given: no path to build (its validity at genTime was checked by validate)
        }
        try {
            X509CertSelector selector = new X509CertSelector();
            selector.setCertificate(target);
            Set<TrustAnchor> anchors = trust.anchors().stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toSet());
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, selector);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(known)));
            params.setDate(genTime); // long-term validity: as things stood when the time was stamped, not today
            params.setRevocationEnabled(false); // see the class comment
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Failure("no certification path from the TSA certificate " + signer.getSubject() + " to the trusted "
                    + (trust.anchors().size() == 1 ? "certificate " + trust.anchors().get(0).getSubjectX500Principal().getName()
                    : "certificates " + trust.anchors().stream().map(a -> a.getSubjectX500Principal().getName()).toList())
                    + " valid at the stamped time " + genTime.toInstant() + " (" + e.getMessage() + "); give missing intermediate "
                    + "certificates with --tsa-chain");
        }
    }
}
