package jp.rinjo.media.recording.spool;

import jp.rinjo.common.id.SessionId;

/**
 * What the recorder tells the rest of the node (signaling shows "記録中" and warnings from it).
 * Called on the recorder's own threads: implementations hand off and return quickly.
 */
public interface RecordingListener {
    /**
     * A segment of the session is durably stored (fsynced in the spool) while none of its tracks is
     * failing and the spool has room: from now on, say "記録中" to the participants. Told for the
     * session's first such segment since this process started, and again for the first one after
     * a failure ({@link #recorderFailed}) or after the spool was full.
     */
    default void recordingStarted(SessionId session) {
    }

    /** A segment is durably stored in the spool. */
    default void segmentStored(SessionId session, String trackId, long sequence) {
    }

    /** A segment is in the evidence store, checked, and deleted from the spool. */
    default void segmentUploaded(SessionId session, String trackId, long sequence, String objectKey) {
    }

    /** Packets were received but not recorded (queue full, spool full, write failure): a GAP record says so. */
    default void gap(SessionId session, String trackId, long packets, String reason) {
    }

    /** Recording of a track failed (a write or fsync error, a rejected upload): tell the session, loudly. */
    default void recorderFailed(SessionId session, String trackId, String message) {
    }

    /** The spool has no room for new segments: new packets become GAPs until uploads free space. */
    default void spoolFull(long usedBytes, long limitBytes, long freeDiskBytes) {
    }

    /** The spool has room again. */
    default void spoolAvailable() {
    }

    /** An upload failed; it is retried after {@code retryInMillis}. Nothing is dropped while the spool has room. */
    default void storeUnavailable(String message, long retryInMillis) {
    }

    /** Uploads succeed again after failures. */
    default void storeAvailable() {
    }
}
