package jp.rinjo.media.recording;

import jp.rinjo.common.id.SessionId;
import jp.rinjo.media.recording.spool.RecordingListener;

/**
 * What participants are told about the recording, from what the recorder reports: 記録中 only once a
 * segment of their session is durably stored while none of its tracks fails (the spool decides,
 * see {@link RecordingListener#recordingStarted}), a failure at once.
 */
final class RecordingAnnouncements implements RecordingListener {
    /** Where announcements go (the media engine, which passes them to the session's participants). */
    interface Announcer {
        void announce(SessionId session, String state, String detail);

        void announceEverywhere(String state, String detail);
    }

    private final Announcer announcer;

    RecordingAnnouncements(Announcer announcer) {
        this.announcer = announcer;
    }

    @Override
    public void recordingStarted(SessionId session) {
        announcer.announce(session, "recording", null);
    }

    @Override
    public void recorderFailed(SessionId session, String trackId, String message) {
        announcer.announce(session, "failed", message);
    }

    @Override
    public void spoolFull(long usedBytes, long limitBytes, long freeDiskBytes) {
        announcer.announceEverywhere("failed", "the recording spool is full: recording has a gap");
    }

    /**
     * Nothing is announced: a room is told 記録中 again only once a segment of its session is stored
     * ({@link #recordingStarted}), which a room that has recorded nothing, or whose writer still
     * fails, has not.
     */
    @Override
    public void spoolAvailable() {
    }
}
