package jp.rinjo.media.recording.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RFC 3161 against a real TSA running in the test. */
class TimestampTest {
    @RegisterExtension
    static final TestTsaExtension tsa = new TestTsaExtension();
    static final byte[] MANIFEST = "{\"format\":\"rinjo-evidence-manifest/1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aTokenFromTheTsaCoversTheManifestHashAndVerifiesAgainstItsCertificate() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        byte[] tsr = tsa.client().stamp(MANIFEST);
        TimestampCheck.Info info = TimestampCheck.verify(tsr, MANIFEST, Optional.of(tsa.certificate()));
        assertThat(info.genTime()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
        assertThat(info.tsaCertificateSubject()).contains("Rinjo Test TSA");
        assertThat(info.policy()).isEqualTo("1.3.6.1.4.1.99999.1.1");
    }

    @Test
    void theAccuracyTheTsaStatesIsReadAndNoneWhenItStatesNone() throws Exception {
        assertThat(TimestampCheck.verify(tsa.client().stamp(MANIFEST), MANIFEST, Optional.of(tsa.certificate())).accuracy()).isEmpty();
        tsa.accuracy(1, 500, 0);
        try {
            assertThat(TimestampCheck.verify(tsa.client().stamp(MANIFEST), MANIFEST, Optional.of(tsa.certificate())).accuracy())
                    .contains(Duration.ofMillis(1500));
            tsa.accuracy(0, 0, 250);
            assertThat(TimestampCheck.verify(tsa.client().stamp(MANIFEST), MANIFEST, Optional.of(tsa.certificate())).accuracy())
                    .contains(Duration.ofNanos(250_000));
        } finally {
            tsa.accuracy(0, 0, 0);
        }
    }

    @Test
    void aTokenForOtherBytesIsRefusedNamingTheImprint() throws Exception {
        byte[] tsr = tsa.client().stamp(MANIFEST);
        byte[] edited = "{\"format\":\"rinjo-evidence-manifest/1\",\"x\":1}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TimestampCheck.verify(tsr, edited, Optional.empty()))
                .isInstanceOf(TimestampCheck.Failure.class).hasMessageContaining("imprint").hasMessageContaining("not the SHA-256 of manifest.json");
    }

    @Test
    void aTokenFromAnotherTsaThanTheTrustedOneIsRefused() throws Exception {
        try (TestTsa other = new TestTsa("Some Other TSA")) {
            byte[] tsr = other.client().stamp(MANIFEST);
            assertThatThrownBy(() -> TimestampCheck.verify(tsr, MANIFEST, Optional.of(tsa.certificate())))
                    .isInstanceOf(TimestampCheck.Failure.class).hasMessageContaining("Some Other TSA").hasMessageContaining("trusted");
        }
    }

    @Test
    void aTokenFromATsaIssuedUnderACaVerifiesThroughAPathToTheTrustedRoot() throws Exception {
        try (TestTsa issued = new TestTsa("Issued TSA", true)) {
            byte[] tsr = issued.client().stamp(MANIFEST);
            TimestampCheck.TsaTrust rootAndIntermediate = new TimestampCheck.TsaTrust(List.of(issued.root()), List.of(issued.intermediate()));
            assertThat(TimestampCheck.verify(tsr, MANIFEST, rootAndIntermediate).tsaCertificateSubject()).isEqualTo("CN=Issued TSA");
            assertThat(TimestampCheck.verify(tsr, MANIFEST, new TimestampCheck.TsaTrust(List.of(issued.intermediate()), List.of())))
                    .as("the issuing CA trusted by itself").isNotNull();
            // the token carries only the unit's certificate: without the intermediate there is no path, and the message says what to give
            assertThatThrownBy(() -> TimestampCheck.verify(tsr, MANIFEST, new TimestampCheck.TsaTrust(List.of(issued.root()), List.of())))
                    .isInstanceOf(TimestampCheck.Failure.class).hasMessageContaining("no certification path from the TSA certificate CN=Issued TSA")
                    .hasMessageContaining("CN=Issued TSA Root CA").hasMessageContaining("--tsa-chain");
            // another root among the trusted ones does not help, nor does trusting only someone else's
            assertThatThrownBy(() -> TimestampCheck.verify(tsr, MANIFEST,
                    new TimestampCheck.TsaTrust(List.of(tsa.certificate()), List.of(issued.intermediate()))))
                    .isInstanceOf(TimestampCheck.Failure.class).hasMessageContaining("no certification path");
            assertThat(TimestampCheck.verify(tsr, MANIFEST, new TimestampCheck.TsaTrust(List.of(tsa.certificate(), issued.root()),
                    List.of(issued.intermediate())))).isNotNull();
        }
    }

    @Test
    void aDamagedTokenIsRefused() throws Exception {
        byte[] tsr = tsa.client().stamp(MANIFEST);
        byte[] bad = tsr.clone();
        bad[bad.length - 10] ^= 0x40; // inside the signature
        assertThatThrownBy(() -> TimestampCheck.verify(bad, MANIFEST, Optional.empty())).isInstanceOf(TimestampCheck.Failure.class);
        assertThatThrownBy(() -> TimestampCheck.verify("garbage".getBytes(StandardCharsets.UTF_8), MANIFEST, Optional.empty()))
                .hasMessageContaining("not an RFC 3161");
    }

    @Test
    void anUnreachableTsaIsAnIoError() {
        TimestampClient nowhere = new TimestampClient(java.net.URI.create("http://127.0.0.1:1/tsa"), Duration.ofSeconds(2));
        assertThatThrownBy(() -> nowhere.stamp(MANIFEST)).isInstanceOf(java.io.IOException.class);
    }
}
