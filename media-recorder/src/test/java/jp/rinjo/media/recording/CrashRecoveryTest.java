package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.format.SegmentFormatException;
import jp.rinjo.media.recording.format.SegmentReader;
import jp.rinjo.media.recording.format.SegmentRecord;
import jp.rinjo.media.recording.format.SegmentSummary;
import jp.rinjo.media.recording.verify.VerificationReport;
import jp.rinjo.media.recording.verify.Verifier;
import jp.rinjo.media.sfu.TestTracks;

/**
 * kill -9 for real: a child JVM records until it is destroyed forcibly in the middle of a segment;
 * the next start completes that segment, closes the chain with an interruption, uploads the spool,
 * and the sealed session verifies with every flushed packet kept.
 */
class CrashRecoveryTest {
    static final int ANNOUNCE = 260;
    @TempDir
    Path base;

    @Test
    void afterKillMinus9TheRestartKeepsEveryFlushedPacketAndClosesTheChainWithAnInterruption() throws Exception {
        SessionId session = SessionId.random();
        ParticipantId contractor = ParticipantId.random();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashingRecorderMain.class.getName(), base.toString(),
                String.valueOf(ANNOUNCE), session.value(), contractor.value()).redirectErrorStream(true).start();
        AtomicReference<String> sent = new AtomicReference<>();
        StringBuilder childOutput = new StringBuilder();
        Thread reader = new Thread(() -> drain(child, sent, childOutput), "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            Poll.until("the child recorded " + ANNOUNCE + " packets:\n" + childOutput, java.time.Duration.ofSeconds(30), () -> sent.get() != null);
            // the first 260 packets have reached the OS (a reader of the spool sees them): only what follows can be lost
            Poll.until("flushed to the spool", () -> packetsOnDisk(session) >= ANNOUNCE && openSegmentHasPackets(session));
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL
        long onDiskAtKill = packetsOnDisk(session);

        try (RecorderHarness h = RecorderHarness.start(base, c -> c, Optional.empty())) {
            assertThat(h.recorder.spool().recoveryReport().get("sessions")).isEqualTo(1L);
            SealResult r = h.recorder.seal(session, SealRequest.of(List.of())).get(60, TimeUnit.SECONDS);
            Path folder = h.folder(r);
            VerificationReport report = new Verifier(new Verifier.Options(Optional.of(h.key.publicKeySpki()), Optional.empty(), false))
                    .verify(folder);
            assertThat(report.errors()).isEmpty();
            String track = EvidenceRecorderTest.trackIds(folder).get(0);
            Recorded rec = Recorded.track(folder, track);
            List<byte[]> kept = rec.rtp();
            // every packet that was on disk when the process died is kept, in order, byte for byte
            assertThat(kept.size()).isGreaterThanOrEqualTo((int) onDiskAtKill);
            assertThat(kept).containsExactlyElementsOf(Feed.packets(TestTracks.video(contractor), 102, 42, kept.size(), 700));
            assertThat(rec.of(SegmentRecord.Gap.class)).isEmpty();
            SegmentSummary last = rec.segments.get(rec.segments.size() - 1);
            assertThat(last.end().reason()).isEqualTo("recovered");
            assertThat(last.interruptions()).singleElement().satisfies(i -> assertThat(i.reason())
                    .matches("(recorder stopped without closing the segment .*|recorder restarted.*)"));
            assertThat(rec.segments.size()).isGreaterThanOrEqualTo(3);
            System.out.println("after kill -9: " + kept.size() + " packets kept (" + onDiskAtKill + " were on disk); "
                    + last.interruptions().get(0).reason());
        }
    }

    /**
     * Complete packet records of the session's segments as another process reads them now: spooled
     * ones (open or closed) and uploaded ones, each segment counted once.
     */
    long packetsOnDisk(SessionId session) {
        java.util.Map<String, Long> bySegment = new java.util.HashMap<>();
        count(base.resolve("store").resolve("sessions").resolve(session.value()).resolve("tracks"), bySegment);
        count(base.resolve("spool").resolve(session.value()).resolve("tracks"), bySegment);
        return bySegment.values().stream().mapToLong(Long::longValue).sum();
    }

    /** True while the spool holds an open segment with at least one packet on disk. */
    boolean openSegmentHasPackets(SessionId session) {
        Path tracks = base.resolve("spool").resolve(session.value()).resolve("tracks");
        try (Stream<Path> files = Files.walk(tracks)) {
            return files.filter(f -> f.toString().endsWith(".part")).anyMatch(f -> packetsIn(f) > 0);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static void count(Path tracks, java.util.Map<String, Long> bySegment) {
        if (!Files.isDirectory(tracks)) {
            return;
        }
        try (Stream<Path> files = Files.walk(tracks)) {
            // a store's upload in progress when the child died is a hidden temporary file (".7.seg.tmp-…"):
            // the segment it copies is counted from the spool, not twice
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                String segment = tracks.relativize(f).toString().replaceAll("\\.(seg|part)$", "");
                bySegment.merge(segment, packetsIn(f), Math::max);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // files move while the child runs: the caller asks again
        }
    }

    /** Packets in the intact prefix of a segment file, complete or not. */
    private static long packetsIn(Path f) {
        try (SegmentReader r = SegmentReader.open(f)) {
            try {
                while (r.next() != null) {
                    // counting
                }
            } catch (SegmentFormatException e) {
                // an open segment ends without a footer: its intact records count
            }
            return r.packets();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void drain(Process child, AtomicReference<String> sent, StringBuilder out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("SENT ")) {
                    sent.set(line);
                }
                synchronized (out) {
                    if (out.length() < 20_000) {
                        out.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }
}
