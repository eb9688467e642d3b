package jp.rinjo.media.rtp;

/**
 * Extends 16-bit RTP sequence numbers to 64 bits across rollovers (RFC 3550 §A.1 "extended
 * sequence number"), relative to the highest value seen so far: a number within 32767 ahead of it
 * counts as newer, anything else as older. The first value is returned unchanged, so the result
 * equals {@code cycles * 65536 + seq} as in RR report blocks; a packet reordered before the first
 * one may therefore come out negative.
 *
 * <p>Not thread-safe; allocation-free.
 */
public final class SequenceNumberUnwrapper {
    private long highest;
    private boolean started;

    /** Signed distance {@code a - b} on the 16-bit circle, in [-32768, 32767]. */
    public static int delta(int a, int b) {
        return (short) (a - b);
    }

    /** True if {@code a} is newer than {@code b} on the 16-bit circle (RFC 1982 style). */
    public static boolean isNewer(int a, int b) {
        return delta(a, b) > 0;
    }

    /** Extends {@code seq} and advances the highest value if it is newer. */
    public long unwrap(int seq) {
        long ext = unwrapWithoutUpdate(seq);
        if (!started || ext > highest) {
            highest = ext;
            started = true;
        }
        return ext;
    }

    /** Extends {@code seq} without changing state (for lookups). */
    public long unwrapWithoutUpdate(int seq) {
        seq &= 0xFFFF;
        if (!started) {
            return seq;
        }
        return highest + delta(seq, (int) highest);
    }

    /** Forgets history and makes {@code seq} the new highest, keeping the current cycle count. */
    public long reset(int seq) {
        seq &= 0xFFFF;
        long ext = started ? (highest & ~0xFFFFL) + seq : seq;
        highest = ext;
        started = true;
        return ext;
    }

    /** Back to the initial state: the next {@link #unwrap} starts afresh. */
    public void clear() {
        started = false;
        highest = 0;
    }

    public boolean started() {
        return started;
    }

    /** Highest extended value so far; meaningless before the first {@link #unwrap}. */
    public long highest() {
        return highest;
    }
}
