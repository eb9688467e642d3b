package jp.rinjo.media.rtp;

/**
 * Extends 32-bit RTP timestamps to 64 bits across rollovers (about every 13.3 h at 90 kHz,
 * 24.9 h at 48 kHz): a value within 2^31-1 ticks ahead of the highest seen counts as newer. The
 * first value is taken as unsigned, so results stay positive unless a packet predates the first.
 *
 * <p>Not thread-safe; allocation-free.
 */
public final class TimestampUnwrapper {
    private long highest;
    private boolean started;

    /** Signed distance {@code a - b} on the 32-bit circle. */
    public static int delta(int a, int b) {
        return a - b;
    }

    public long unwrap(int timestamp) {
        long ext = unwrapWithoutUpdate(timestamp);
        if (!started || ext > highest) {
            highest = ext;
            started = true;
        }
        return ext;
    }

    public long unwrapWithoutUpdate(int timestamp) {
        if (!started) {
            return Integer.toUnsignedLong(timestamp);
        }
        return highest + delta(timestamp, (int) highest);
    }

    public boolean started() {
        return started;
    }

    public long highest() {
        return highest;
    }
}
