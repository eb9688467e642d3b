package jp.rinjo.media.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.store.FilesystemEvidenceStore;
import jp.rinjo.media.sfu.TestTracks;

/**
 * What participants are told about the recording (what NodeRecording passes to the media engine),
 * from what the real recorder reports: 記録中 only while the session's segments are being durably
 * stored, a failure as soon as it happens, and 記録中 again only once a segment is stored after it.
 */
class RecordingAnnouncementsTest {
    @TempDir
    Path dir;
    final SessionId session = SessionId.random();
    final ParticipantId contractor = ParticipantId.random();

    /** Fake announcer: remembers each announcement as "{session}={state}", or "*={state}" for every room of the node. */
    static final class Said implements RecordingAnnouncements.Announcer {
        final List<String> all = new CopyOnWriteArrayList<>();

        @Override
        public void announce(SessionId session, String state, String detail) {
            all.add(session.value() + "=" + state);
        }

        @Override
        public void announceEverywhere(String state, String detail) {
            all.add("*=" + state);
        }

        /** The state the session's participants see now: the latest announcement for it or for every room. */
        String shown(SessionId session) {
            for (int i = all.size() - 1; i >= 0; i--) {
                String a = all.get(i);
                if (a.startsWith(session.value() + "=") || a.startsWith("*=")) {
                    return a.substring(a.indexOf('=') + 1);
                }
            }
            return "checking";
        }
    }

    @Test
    void afterARestartRecordingIsAnnouncedAgainOnceTheSessionStoresASegment() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            Said said = new Said();
            h.events.forward = new RecordingAnnouncements(said);
            h.feed(session, TestTracks.video(contractor), 102, 1).rtp(60, 300, 10_000);
            Poll.until("recording announced", () -> said.shown(session).equals("recording"));

            h.restart();
            Said afterRestart = new Said(); // the restarted node's engine has no state to repeat
            h.events.forward = new RecordingAnnouncements(afterRestart);
            h.feed(session, TestTracks.video(contractor), 102, 2).rtp(60, 300, 10_000); // republished: a new track
            Poll.until("recording announced after the restart", () -> afterRestart.shown(session).equals("recording"));
        }
    }

    @Test
    void aFailedWriteIsAnnouncedAndRecordingIsAnnouncedAgainOnlyOnceASegmentIsStoredAfterTheRepair() throws Exception {
        try (RecorderHarness h = RecorderHarness.start(dir, c -> c, Optional.empty())) {
            Said said = new Said();
            h.events.forward = new RecordingAnnouncements(said);
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 3);
            video.rtp(10, 300, 10_000);
            h.awaitWritten(10);
            Path trackDir;
            try (var s = Files.list(h.spoolDir.resolve(session.value()).resolve("tracks"))) {
                trackDir = s.findFirst().orElseThrow();
            }
            Path obstacle = Files.createDirectory(trackDir.resolve("1.part")); // segment 1 cannot be created: a real I/O error
            video.rtp(60, 300, 10_000);
            Poll.until("the failure announced", () -> said.shown(session).equals("failed"));
            assertThat(said.all).containsSubsequence(session.value() + "=recording", session.value() + "=failed");

            Files.delete(obstacle);
            long before = h.recorder.spool().stats().get("packetsWritten");
            Poll.until("writing resumes", () -> {
                video.rtp(1, 300, 10_000);
                return h.recorder.spool().stats().get("packetsWritten") > before;
            });
            assertThat(said.shown(session)).as("nothing stored since the failure yet").isEqualTo("failed");
            video.rtp(210, 300, 10_000); // a segment of 2 s closes and is stored
            Poll.until("recording announced again", () -> said.shown(session).equals("recording"));
        }
    }

    @Test
    void whenTheSpoolHasRoomAgainOnlyASessionThatStoresASegmentIsToldItIsRecorded() throws Exception {
        SwitchableStore store = new SwitchableStore(new FilesystemEvidenceStore(dir.resolve("store")), false);
        SessionId idle = SessionId.random();
        try (RecorderHarness h = RecorderHarness.start(dir, store, c -> c.withSegmentMaxBytes(64 * 1024).withSpoolLimits(70_000, 0)
                .withUploadBackoffMax(Duration.ofSeconds(1)), Optional.empty(), s -> Optional.empty())) {
            Said said = new Said();
            h.events.forward = new RecordingAnnouncements(said);
            Feed video = h.feed(session, TestTracks.video(contractor), 102, 4);
            video.rtp(60, 300, 10_000);
            Poll.until("recording announced", () -> said.shown(session).equals("recording"));
            video.rtp(250, 300, 10_000); // segment 1 (64 kB) with segment 0, both waiting for the store, fill the 70 kB spool
            Poll.until("the spool is full", () -> h.events.spoolFull.get() > 0);
            Poll.until("the failure announced", () -> said.shown(session).equals("failed"));
            // what an operator's alert watches (the standalone's /metrics)
            assertThat(h.recorder.spool().stats()).containsEntry("spoolFull", 1L).containsEntry("uploadsFailing", 1L);
            // a session whose packets arrive only while the spool is full stores nothing
            h.feed(idle, TestTracks.video(ParticipantId.random()), 102, 5).rtp(60, 300, 10_000);
            Poll.until("its packets handled (not recorded: no room)", () -> h.recorder.spool().stats().get("queued") == 0);

            store.up = true;
            Poll.until("room again", () -> h.events.spoolAvailable.get() > 0);
            // room comes back with the first stored of the two waiting segments; the next one fits once the second is stored too
            Poll.until("room for a whole segment", () -> h.recorder.spool().stats().get("spoolBytes") + 66_000 <= 70_000);
            assertThat(h.recorder.spool().stats()).containsEntry("spoolFull", 0L).containsEntry("uploadsFailing", 0L);
            video.rtp(250, 300, 10_000); // the next segment is stored
            Poll.until("recording announced again", () -> said.shown(session).equals("recording"));
            assertThat(said.all).doesNotContain("*=recording");
            assertThat(said.shown(idle)).isNotEqualTo("recording");
        }
    }
}
