package jp.rinjo.media.transport.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    @Test
    void generatesASelfSignedP256CertificateWithAnSdpFingerprint() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate();
        assertThat(cert.fingerprint().toSdpValue()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");

        String independent = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.x509().getEncoded()));
        assertThat(cert.fingerprint().value()).isEqualTo(independent);

        assertThat(cert.x509().getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) cert.x509().getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(cert.x509().getSigAlgName()).isEqualTo("SHA256withECDSA");
        cert.x509().verify(cert.x509().getPublicKey()); // self-signed
        cert.x509().checkValidity();
        assertThat(cert.notAfter()).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        assertThat(cert.x509().getSubjectX500Principal().getName()).startsWith("CN=rinjo-");
    }

    @Test
    void everyCertificateIsDifferent() {
        assertThat(DtlsCertificate.generate().fingerprint()).isNotEqualTo(DtlsCertificate.generate().fingerprint());
    }

    @Test
    void pemRoundTripKeepsTheIdentity() {
        DtlsCertificate cert = DtlsCertificate.generate(Duration.ofDays(2));
        String pem = cert.toPem();
        assertThat(pem).contains("BEGIN CERTIFICATE").contains("BEGIN PRIVATE KEY");
        DtlsCertificate loaded = DtlsCertificate.fromPem(pem);
        assertThat(loaded.fingerprint()).isEqualTo(cert.fingerprint());
        assertThat(loaded.encoded()).isEqualTo(cert.encoded());
    }

    @Test
    void pemWithSomeoneElsesKeyIsRejected() {
        String certificatePart = DtlsCertificate.generate().toPem().split("(?=-----BEGIN PRIVATE KEY)")[0];
        String keyPart = DtlsCertificate.generate().toPem().split("(?=-----BEGIN PRIVATE KEY)")[1];
        assertThatThrownBy(() -> DtlsCertificate.fromPem(certificatePart + keyPart))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> DtlsCertificate.fromPem(certificatePart))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PRIVATE KEY");
    }

    @Test
    void validityMustBePositive() {
        assertThatThrownBy(() -> DtlsCertificate.generate(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
