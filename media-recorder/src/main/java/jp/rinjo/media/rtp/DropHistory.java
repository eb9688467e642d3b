package jp.rinjo.media.rtp;

/**
 * Ascending record of the extended source sequence numbers a {@link StreamRewriter} dropped on
 * purpose, so later numbers can be closed up over them and late packets still map exactly.
 * Bounded: when full, the oldest entry is folded into {@link #forgotten()} and packets at or
 * before {@link #forgottenLimit()} can no longer be mapped.
 */
final class DropHistory {
    private final long[] ring;
    private final int mask;
    private int head;
    private int size;
    private long forgotten;
    private long forgottenLimit = Long.MIN_VALUE;

    DropHistory(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        ring = new long[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    void clear() {
        head = 0;
        size = 0;
        forgotten = 0;
        forgottenLimit = Long.MIN_VALUE;
    }

    /** Appends {@code ext}, which must be larger than every recorded entry. */
    void add(long ext) {
        if (size == ring.length) {
            forgottenLimit = ring[head];
            forgotten++;
            head = (head + 1) & mask;
            size--;
        }
        ring[(head + size) & mask] = ext;
        size++;
    }

    private long get(int i) {
        return ring[(head + i) & mask];
    }

    /** Number of recorded entries strictly below {@code ext} (binary search). */
    int countBelow(long ext) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (get(mid) < ext) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    boolean contains(long ext) {
        int i = countBelow(ext);
        return i < size && get(i) == ext;
    }

    /** Drops already folded away. */
    long forgotten() {
        return forgotten;
    }

    /** Highest forgotten entry; packets at or below it cannot be mapped. */
    long forgottenLimit() {
        return forgottenLimit;
    }

    /**
     * Inverse of "index minus drops below": the {@code k}-th (0-based, counted from the first
     * non-forgotten position) source number that was not dropped, given the source number
     * {@code candidate} that {@code k} would be without recorded drops.
     */
    long skipRecorded(long candidate) {
        for (int i = 0; i < size; i++) {
            long d = get(i);
            if (d <= candidate) {
                candidate++;
            } else {
                break;
            }
        }
        return candidate;
    }
}
