package jp.rinjo.media.recording.format;

import java.io.IOException;

/**
 * A segment file that is not a complete, intact segment. The message says where and what, e.g.
 * "truncated at byte 81920: RTP record at offset 81544 declares 1180 body bytes, 376 present".
 */
public final class SegmentFormatException extends IOException {
    /** What is wrong. */
    public enum Problem {
        /** The file ends before the footer: a writer that stopped (crash, kill -9, full disk). */
        TRUNCATED,
        /** Bytes that fail their CRC or hash: changed on disk or in transit. */
        CORRUPT,
        /** Bytes that are not this format at all, or violate its rules. */
        INVALID
    }

    private final Problem problem;
    private final long offset;

    public SegmentFormatException(Problem problem, long offset, String message) {
        super(message);
        this.problem = problem;
        this.offset = offset;
    }

    public Problem problem() {
        return problem;
    }

    /** The byte offset where the problem starts. */
    public long offset() {
        return offset;
    }
}
