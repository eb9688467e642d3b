package jp.rinjo.media.transport.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {
    private static final String SHA256 =
            "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:A6:45:04:5A:F1:12:35:77:1A";

    @Test
    void parsesTheSdpAttributeCaseInsensitively() {
        DtlsFingerprint fp = DtlsFingerprint.parse("SHA-256 " + SHA256.toLowerCase());
        assertThat(fp.hashFunction()).isEqualTo("sha-256");
        assertThat(fp.value()).isEqualTo(SHA256);
        assertThat(fp.toSdpValue()).isEqualTo("sha-256 " + SHA256);
        assertThat(DtlsFingerprint.parse("a=fingerprint:sha-256 " + SHA256)).isEqualTo(fp);
    }

    @Test
    void matchesTheCertificateItWasComputedFrom() {
        DtlsCertificate cert = DtlsCertificate.generate();
        DtlsFingerprint parsed = DtlsFingerprint.parse(cert.fingerprint().toSdpValue());
        assertThat(parsed.matches(cert.encoded())).isTrue();
        assertThat(parsed.matches(DtlsCertificate.generate().encoded())).isFalse();
        assertThat(DtlsFingerprint.of("sha-512", cert.encoded()).matches(cert.encoded())).isTrue();
        assertThat(DtlsFingerprint.of("sha-384", cert.encoded()).value()).hasSize(48 * 3 - 1);
    }

    @Test
    void rejectsWeakOrMalformedFingerprints() {
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256 4A:AD"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256 " + SHA256.replace(':', '-')))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hex");
        assertThatThrownBy(() -> DtlsFingerprint.parse(SHA256)).isInstanceOf(IllegalArgumentException.class);
    }
}
