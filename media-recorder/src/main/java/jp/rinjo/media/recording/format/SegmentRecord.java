package jp.rinjo.media.recording.format;

/** One record between a segment's header and its footer. */
public sealed interface SegmentRecord {

    /**
     * An RTP or RTCP packet exactly as received after SRTP decryption.
     *
     * @param rtcp       true for RTCP (record type RTCP), false for RTP
     * @param wallMicros receive time, wall clock, µs since the epoch
     * @param monoNanos  receive time, monotonic ns
     */
    record Packet(boolean rtcp, long wallMicros, long monoNanos, byte[] bytes) implements SegmentRecord {
    }

    /**
     * Packets the node received but the recorder could not store (its queue was full, the spool was
     * full, or a write failed). Evidence of a hole, never an error in the file.
     */
    record Gap(long fromWallMicros, long toWallMicros, long packetsLost, long bytesLost, String reason)
            implements SegmentRecord {
        public Gap {
            reason = Text.oneLine(reason);
        }
    }

    /**
     * The source or the recorder stopped for a while: a publisher reconnecting, or the recorder
     * restarting after a crash. {@code toWallMicros} is when recording resumed (or was closed).
     */
    record Interruption(long fromWallMicros, long toWallMicros, String reason) implements SegmentRecord {
        public Interruption {
            reason = Text.oneLine(reason);
        }
    }

    /** The last record before the footer: why and when the segment was closed. */
    record End(long endWallMicros, long endMonoNanos, String reason) implements SegmentRecord {
        public End {
            reason = Text.oneLine(reason);
        }
    }

    /** A record of a type this reader does not know (a later format revision); its body was skipped. */
    record Unknown(int type, int bodyLength, long offset) implements SegmentRecord {
    }
}
