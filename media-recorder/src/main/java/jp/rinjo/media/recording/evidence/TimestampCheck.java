package jp.rinjo.media.recording.evidence;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

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
 * when a trusted TSA certificate is given — that certificate, or one it signed.
 */
public final class TimestampCheck {
    /** What the token says, once checked. */
    public record Info(Instant genTime, String serial, String policy, String tsaCertificateSubject) {
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
        return verifyToken(token, stamped, trustedTsa);
    }

    static Info verifyToken(TimeStampToken token, byte[] stamped, Optional<X509Certificate> trustedTsa) throws Failure {
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
        if (trustedTsa.isPresent()) {
            checkTrusted(cert, trustedTsa.get());
        }
        return new Info(info.getGenTime().toInstant(), info.getSerialNumber().toString(16),
                info.getPolicy() == null ? "" : info.getPolicy().getId(), cert.getSubject().toString());
    }

    private static void checkTrusted(X509CertificateHolder holder, X509Certificate trusted) throws Failure {
        try {
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            if (cert.equals(trusted)) {
                return;
            }
            cert.verify(trusted.getPublicKey());
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new Failure("the TSA certificate " + holder.getSubject() + " is neither the trusted TSA certificate ("
                    + trusted.getSubjectX500Principal().getName() + ") nor issued by it");
        }
    }
}
