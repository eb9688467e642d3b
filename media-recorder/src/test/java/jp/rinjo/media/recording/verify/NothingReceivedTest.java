package jp.rinjo.media.recording.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.media.recording.evidence.DeploymentKey;
import jp.rinjo.media.recording.verify.ClockedSession.Span;

/**
 * Packets that never arrive leave no GAP or INTERRUPTION record: the writer closes the open segment
 * when its time is up and opens the next at the next packet. The verifier reports the time between
 * as NOTHING RECEIVED, where the archive's timeline draws a hole: segments more than a second apart.
 */
class NothingReceivedTest {
    static final DeploymentKey KEY = DeploymentKey.generate();
    static final Instant T = OffsetDateTime.parse("2026-11-27T14:00:00+09:00").toInstant();

    @TempDir
    Path dir;

    VerificationReport verify(ClockedSession.Sealed s) throws Exception {
        return new Verifier(new Verifier.Options(Optional.of(KEY.publicKeySpki()), Optional.empty(), false)).verify(s.folder());
    }

    static Instant at(double seconds) {
        return T.plusMillis(Math.round(seconds * 1000));
    }

    @Test
    void segmentsFiveSecondsApartAreReportedAsNothingReceivedWithTheJstSpan() throws Exception {
        ClockedSession.Sealed s = ClockedSession.seal(dir, KEY, Optional.empty(), at(60),
                new Span(at(0), at(2)), new Span(at(7), at(9)), new Span(at(9), at(11)));
        VerificationReport r = verify(s);
        assertThat(r.errors()).isEmpty();
        assertThat(r.of(Finding.Severity.INFO)).filteredOn(f -> f.message().startsWith("NOTHING RECEIVED")).singleElement().satisfies(f -> {
            assertThat(f.message()).isEqualTo("NOTHING RECEIVED 2026-11-27 14:00:02.000 JST – 2026-11-27 14:00:07.000 JST (5.0 s)");
            assertThat(f.subject()).isEqualTo(s.segmentPath(1));
        });
    }

    @Test
    void consecutiveSegmentsAndSegmentsOneSecondApartAreNoHole() throws Exception {
        ClockedSession.Sealed s = ClockedSession.seal(dir, KEY, Optional.empty(), at(60),
                new Span(at(0), at(0.5)), new Span(at(0.5), at(2.5)), new Span(at(3.5), at(5.5)));
        VerificationReport r = verify(s);
        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).noneSatisfy(f -> assertThat(f.message()).contains("NOTHING RECEIVED"));
    }

    @Test
    void aHoleAnInterruptionRecordSpansIsReportedAsThatInterruptionOnly() throws Exception {
        ClockedSession.Sealed s = ClockedSession.seal(dir, KEY, Optional.empty(), at(60),
                new Span(at(0), at(2)), new Span(at(7), at(9), "republished"));
        VerificationReport r = verify(s);
        assertThat(r.errors()).isEmpty();
        assertThat(r.of(Finding.Severity.INFO)).map(Finding::message)
                .contains("INTERRUPTION 2026-11-27 14:00:02.000 JST – 2026-11-27 14:00:07.000 JST: republished")
                .noneMatch(m -> m.contains("NOTHING RECEIVED"));
    }

    @Test
    void timeAGapRecordCoversWasReceivedAndOnlyWhatNoRecordCoversIsNothingReceived() throws Exception {
        // the spool was full for a minute: 3000 packets received, none recorded; then four seconds of silence
        ClockedSession.Sealed s = ClockedSession.seal(dir, KEY, Optional.empty(), at(600),
                new Span(at(0), at(2)), new Span(at(62), at(64), null, new Instant[] {at(2.02), at(61.99)}),
                new Span(at(70), at(72), null, new Instant[] {at(64), at(66)}));
        VerificationReport r = verify(s);
        assertThat(r.errors()).isEmpty();
        assertThat(r.of(Finding.Severity.INFO)).map(Finding::message).filteredOn(m -> m.startsWith("NOTHING RECEIVED"))
                .containsExactly("NOTHING RECEIVED 2026-11-27 14:01:06.000 JST – 2026-11-27 14:01:10.000 JST (4.0 s)");
        assertThat(r.of(Finding.Severity.INFO)).map(Finding::message).anyMatch(m -> m.startsWith("GAP ") && m.contains("3000 packets"));
    }

    @Test
    void longHolesAreGivenInMinutesAndHours() throws Exception {
        ClockedSession.Sealed s = ClockedSession.seal(dir, KEY, Optional.empty(), at(10_000),
                new Span(at(0), at(2)), new Span(at(194.5), at(196)), new Span(at(3_796), at(3_798)));
        assertThat(verify(s).of(Finding.Severity.INFO)).map(Finding::message).filteredOn(m -> m.startsWith("NOTHING RECEIVED"))
                .containsExactly("NOTHING RECEIVED 2026-11-27 14:00:02.000 JST – 2026-11-27 14:03:14.500 JST (3 min 12 s)",
                        "NOTHING RECEIVED 2026-11-27 14:03:16.000 JST – 2026-11-27 15:03:16.000 JST (1 h 00 min)");
    }
}
