package jp.rinjo.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void everyValueFallsInABucketWhoseBoundsHoldItWithin12AndAHalfPercent() {
        for (long micros = 0; micros < 2_000_000; micros += 1 + micros / 97) {
            int b = LatencyHistogram.bucketOf(micros);
            long upper = LatencyHistogram.upperMicros(b);
            long lower = b == 0 ? 0 : LatencyHistogram.upperMicros(b - 1) + 1;
            if (micros < (1L << 21)) { // within the range it resolves
                assertThat(micros).as("bucket %d", b).isBetween(lower, upper);
                assertThat((double) upper).isLessThanOrEqualTo(Math.max(micros * 1.125, micros + 1));
            }
        }
    }

    @Test
    void quantilesAreReadFromTheRecordedValues() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 98; i++) {
            h.recordNanos(300_000); // 300 µs
        }
        h.recordNanos(2_300_000); // 2.3 ms
        h.recordNanos(9_000_000); // 9 ms
        assertThat(h.quantileMicros(0.5)).isBetween(300L, 337L);
        assertThat(h.quantileMicros(0.99)).isBetween(2_300L, 2_587L); // not "≤ 4096"
        assertThat(h.quantileMicros(1.0)).isBetween(9_000L, 10_125L);
        h.reset();
        assertThat(h.quantileMicros(0.99)).isZero();
    }
}
