package jp.rinjo.media.sfu;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size latency histogram with power-of-two microsecond buckets (1 µs … ~1 s): cheap enough
 * to record on the packet path, precise enough for p50/p99 within a factor of two.
 */
public final class LatencyHistogram {
    private static final int BUCKETS = 21;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void recordNanos(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        int bucket = Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(micros));
        counts.incrementAndGet(bucket);
    }

    /** Upper bound, in microseconds, of the bucket holding the given quantile (0 < q ≤ 1). */
    public long quantileMicros(double q) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return 1L << (i + 1);
            }
        }
        return 1L << BUCKETS;
    }

    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }
}
