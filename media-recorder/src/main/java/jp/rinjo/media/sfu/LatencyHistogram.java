package jp.rinjo.media.sfu;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size latency histogram in microseconds, cheap enough to record on the packet path:
 * exact below 8 µs, then eight buckets per power of two (each 12.5 % wide) up to about a second, so
 * a quantile is known to within 12.5 % — enough to tell a 2 ms goal from 2.5 ms, which power-of-two
 * buckets could not.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXP = 20; // 2^20 µs ≈ 1 s; longer lands in the last bucket
    private static final int BUCKETS = SUB + (MAX_EXP - SUB_BITS + 1) * SUB;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void recordNanos(long nanos) {
        counts.incrementAndGet(bucketOf(Math.max(0, nanos / 1000)));
    }

    static int bucketOf(long micros) {
        if (micros < SUB) {
            return (int) micros;
        }
        int exp = 63 - Long.numberOfLeadingZeros(micros);
        if (exp > MAX_EXP) {
            return BUCKETS - 1;
        }
        int top = (int) ((micros >>> (exp - SUB_BITS)) & (SUB - 1));
        return SUB + (exp - SUB_BITS) * SUB + top;
    }

    /** The largest value, in microseconds, that falls in the bucket (its upper bound, inclusive). */
    static long upperMicros(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int exp = (bucket - SUB) / SUB + SUB_BITS;
        int top = (bucket - SUB) % SUB;
        return ((long) (SUB + top + 1) << (exp - SUB_BITS)) - 1;
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
                return upperMicros(i);
            }
        }
        return upperMicros(BUCKETS - 1);
    }

    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }
}
