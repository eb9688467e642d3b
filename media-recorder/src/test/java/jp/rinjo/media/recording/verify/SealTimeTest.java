package jp.rinjo.media.recording.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.time.Jst;
import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.evidence.TestTsa;
import jp.rinjo.media.recording.evidence.TestTsaExtension;
import jp.rinjo.media.recording.evidence.TimestampClient;
import jp.rinjo.media.recording.verify.ClockedSession.Span;

/**
 * The TSA's time against the media node's: a seal is time-stamped right after its manifest is built,
 * so the token's genTime follows the manifest's sealedAt within seconds. A token from before the seal
 * means the node's clock was ahead (every recorded time is wrong); one from long after proves only that
 * the recording existed by then.
 */
class SealTimeTest {
    @RegisterExtension
    static final TestTsaExtension tsa = new TestTsaExtension();
    static final DeploymentKey KEY = DeploymentKey.generate();
    /** A seal 3 h before the stamp; half a minute more, as the token's time is in whole seconds. */
    static final Duration THREE_HOURS_BEHIND = Duration.ofHours(-3).minusSeconds(30);

    @TempDir
    Path dir;

    /** Sealed by a node whose clock is {@code ahead} of this machine's (the TSA's), time-stamped by {@code stamper} while sealing. */
    ClockedSession.Sealed sealedByANodeClock(Duration ahead, Optional<TimestampClient> stamper) throws Exception {
        Instant nodeNow = Instant.now().plus(ahead);
        return ClockedSession.seal(dir, KEY, stamper, nodeNow, new Span(nodeNow.minusSeconds(10), nodeNow.minusSeconds(8)),
                new Span(nodeNow.minusSeconds(8), nodeNow.minusSeconds(6)));
    }

    VerificationReport verify(Path folder) throws Exception {
        return new Verifier(new Verifier.Options(Optional.of(KEY.publicKeySpki()), Optional.of(tsa.certificate()), true)).verify(folder);
    }

    static String sealedAtJst(Path folder) throws Exception {
        long micros = new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("manifest.json").toFile())
                .path("sealedAt").path("wallMicros").asLong();
        return Jst.preciseMicros(micros);
    }

    /** What the archive's "time-stamp later" does once the TSA answers again. */
    static void stampNow(Path folder) throws Exception {
        Files.write(folder.resolve("manifest.tsr"), tsa.client().stamp(Files.readAllBytes(folder.resolve("manifest.json"))));
    }

    /** An authority nobody answers for: the port was free a moment ago and nothing listens there. */
    static TimestampClient down() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        return new TimestampClient(URI.create("http://127.0.0.1:" + closedPort + "/tsa"), Duration.ofSeconds(1));
    }

    int run(Path folder, ByteArrayOutputStream out) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("deployment.pub.pem"), KEY.publicKeyPem());
        Path tsaFile = Files.writeString(dir.resolve("tsa.pem"), TestTsa.pem(tsa.certificate()));
        return VerifyMain.run(new String[] {folder.toString(), "--key", keyFile.toString(), "--tsa-cert", tsaFile.toString()},
                new PrintStream(out), new PrintStream(out));
    }

    @Test
    void aTimeStampThreeDaysBeforeTheSealIsAnErrorThatTheNodeClockWasAhead() throws Exception {
        ClockedSession.Sealed s = sealedByANodeClock(Duration.ofDays(3).plusMinutes(30), Optional.of(tsa.client()));
        VerificationReport r = verify(s.folder());
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo("manifest.tsr");
            assertThat(e.message()).startsWith("NODE CLOCK AHEAD: the TSA stamped the manifest at ")
                    .contains("3 d 00 h before its sealedAt " + sealedAtJst(s.folder()) + " by the media node's clock")
                    .contains("the node's clock was ahead by at least 3 d 00 h").contains("every time the recording states");
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(s.folder(), out)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("NOT VERIFIED").doesNotContainPattern("(?m)^VERIFIED:");
    }

    @Test
    void aNodeClockAMinuteFastIsWithinTheClocksToleranceAndTheSealTimeIsShownBesideTheStampedTime() throws Exception {
        ClockedSession.Sealed s = sealedByANodeClock(Duration.ofMinutes(1), Optional.of(tsa.client()));
        VerificationReport r = verify(s.folder());
        assertThat(r.errors()).isEmpty();
        assertThat(r.of(Finding.Severity.WARNING)).isEmpty();
        assertThat(r.of(Finding.Severity.INFO)).map(Finding::message).filteredOn(m -> m.startsWith("time-stamped")).singleElement().asString()
                .matches("time-stamped \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} JST by CN=Rinjo Test TSA \\(serial \\w+\\), sealed "
                        + java.util.regex.Pattern.quote(sealedAtJst(s.folder())) + " by the media node's clock");
    }

    @Test
    void theAccuracyTheTsaStatesIsSaidBesideTheStampedTime() throws Exception {
        tsa.accuracy(1, 0, 0);
        ClockedSession.Sealed s;
        try {
            s = sealedByANodeClock(Duration.ZERO, Optional.of(tsa.client()));
        } finally {
            tsa.accuracy(0, 0, 0);
        }
        Finding stamped = verify(s.folder()).of(Finding.Severity.INFO).stream().filter(f -> f.message().startsWith("time-stamped"))
                .findFirst().orElseThrow();
        assertThat(stamped.message()).matches("time-stamped \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} JST ± 1 s by CN=Rinjo Test TSA .*");
        assertThat(stamped.params()).containsEntry("accuracyMicros", "1000000");
    }

    @Test
    void aTimeStampAddedHoursAfterTheSealIsAWarningWithTheDifferenceAndStillVerifies() throws Exception {
        // the TSA is down at the seal, 3 h ago; an admin has the manifest stamped once it answers again
        ClockedSession.Sealed s = sealedByANodeClock(THREE_HOURS_BEHIND, Optional.of(down()));
        assertThat(s.folder().resolve("manifest.tsr")).doesNotExist();
        stampNow(s.folder());
        VerificationReport r = verify(s.folder());
        assertThat(r.errors()).isEmpty();
        assertThat(r.of(Finding.Severity.WARNING)).singleElement().satisfies(w -> {
            assertThat(w.subject()).isEqualTo("manifest.tsr");
            assertThat(w.message()).startsWith("STAMPED LATER: the TSA stamped the manifest at ")
                    .contains("3 h 00 min after its sealedAt " + sealedAtJst(s.folder()) + " by the media node's clock")
                    .contains("either this token was added since (as the archive's \"time-stamp later\" does")
                    .contains("or the media node's clock was behind by up to that much")
                    .contains("the token proves only that the recording existed by ");
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(s.folder(), out)).as(out.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("VERIFIED: ").contains("WARNING manifest.tsr: STAMPED LATER");
    }

    @Test
    void aTimeStampAddedToAManifestSealedWithoutATsaIsCalledLater() throws Exception {
        ClockedSession.Sealed s = sealedByANodeClock(THREE_HOURS_BEHIND, Optional.empty());
        stampNow(s.folder());
        VerificationReport r = verify(s.folder());
        assertThat(r.errors()).isEmpty();
        assertThat(r.of(Finding.Severity.WARNING)).singleElement().satisfies(w -> assertThat(w.message())
                .contains("3 h 00 min after its sealedAt").contains("the manifest names no TSA (none was configured when it was sealed), "
                        + "so this token was added since").doesNotContain("clock was behind"));
    }
}
