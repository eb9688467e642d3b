package jp.rinjo.media.sfu;

/**
 * Receives every published packet exactly as it arrived (after SRTP decryption), with the node's
 * receive times — the recorder's tap. Called on the media event loop: implementations must not
 * block (copy and hand off).
 */
public interface RtpSink {
    /**
     * @param wallMicros receive time, wall clock, microseconds since the epoch
     * @param monoNanos  receive time, monotonic ({@link System#nanoTime()})
     */
    void rtp(PublishedTrack track, byte[] buf, int off, int len, long wallMicros, long monoNanos);

    /** An RTCP packet from the publisher about this track (sender reports, for lip-sync). */
    void rtcp(PublishedTrack track, byte[] buf, int off, int len, long wallMicros, long monoNanos);

    /** The track's source changed or stopped (republish, transport loss): a gap begins. */
    void interrupted(PublishedTrack track, String reason, long wallMicros);
}
