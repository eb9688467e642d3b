package jp.rinjo.media.recording.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.Poll;
import jp.rinjo.media.recording.RecorderHarness;
import jp.rinjo.media.recording.SwitchableStore;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.sfu.TestTracks;

/** The uploader against a store that goes down and comes back, with spool files in unusual states. */
class SpoolUploaderTest {
    @TempDir
    Path dir;

    @Test
    void aQueuedFileThatVanishedFromTheSpoolIsReportedOnceAndTheUploadsBehindItGoOn() throws Exception {
        SwitchableStore store = new SwitchableStore(new FilesystemEvidenceStore(dir.resolve("store")), false);
        SessionId first = SessionId.random();
        SessionId second = SessionId.random();
        try (RecorderHarness h = RecorderHarness.start(dir, store, c -> c.withUploadBackoffMax(Duration.ofSeconds(1)), Optional.empty(),
                s -> Optional.empty())) {
            h.feed(first, TestTracks.video(ParticipantId.random()), 102, 1).rtp(60, 300, 10_000); // packet 50 closes segment 0
            Poll.until("segment 0 of the first session stored", () -> h.events.stored.size() == 1);
            Path seg = segmentFile(h.spoolDir.resolve(first.value()));
            Files.delete(seg); // gone from the spool while it waited for the store (an operator, a disk fault)
            h.feed(second, TestTracks.video(ParticipantId.random()), 102, 2).rtp(60, 300, 10_000);
            Poll.until("segment 0 of the second session stored", () -> h.events.stored.size() == 2);

            store.up = true;
            Poll.until("the second session's segment uploaded", () -> h.events.uploaded.stream().anyMatch(k -> k.contains(second.value())));
            assertThat(h.events.failures).singleElement().satisfies(f -> assertThat(f).contains(first.value()).contains("vanished"));
            assertThat(h.recorder.spool().stats()).containsEntry("uploadBacklog", 0L);
        }
    }

    static Path segmentFile(Path sessionDir) throws Exception {
        try (Stream<Path> s = Files.walk(sessionDir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
    }
}
