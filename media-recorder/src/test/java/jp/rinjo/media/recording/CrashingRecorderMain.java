package jp.rinjo.media.recording;

import java.nio.file.Path;
import java.util.Optional;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.sfu.TestTracks;

/**
 * The process {@link CrashRecoveryTest} kills with SIGKILL: records one video track (seed 42) into
 * {@code args[0]}, prints {@code SENT <n> <session>} once {@code args[1]} packets are written, then
 * keeps recording, a packet every 2 ms, until it is killed.
 */
public final class CrashingRecorderMain {
    private CrashingRecorderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        int announce = Integer.parseInt(args[1]);
        SessionId session = SessionId.of(args[2]);
        RecorderHarness h = RecorderHarness.start(base, c -> c, Optional.empty());
        Feed video = h.feed(session, TestTracks.video(ParticipantId.of(args[3])), 102, 42);
        video.rtp(announce, 700, 10_000);
        h.awaitWritten(announce);
        System.out.println("SENT " + announce + " " + session);
        System.out.flush();
        while (true) {
            // media time now runs at real speed, so the open segment stays open about 2 s
            video.rtp(1, 700, 2_000);
            Thread.sleep(2);
        }
    }
}
