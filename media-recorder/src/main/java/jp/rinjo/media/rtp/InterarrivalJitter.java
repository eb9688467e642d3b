package jp.rinjo.media.rtp;

/**
 * RTP interarrival jitter estimate of RFC 3550 §6.4.1 / §A.8, in timestamp units, for the
 * "interarrival jitter" field of a report block: J += (|D| - J) / 16.
 *
 * <p>Feed it only packets in their first transmission (not retransmissions). Not thread-safe.
 */
public final class InterarrivalJitter {
    private final int clockRate;
    private long previousTransit;
    private boolean started;
    private long jitterQ4; // jitter * 16, kept in fixed point as RFC 3550 §A.8 suggests

    public InterarrivalJitter(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /** Adds one packet: its RTP timestamp and its arrival time in microseconds. */
    public void update(int rtpTimestamp, long arrivalMicros) {
        // split to avoid overflow with wall-clock microseconds (~1.7e15 * 90000 > 2^63)
        long arrivalTicks = Math.floorDiv(arrivalMicros, 1_000_000L) * clockRate
                + Math.floorMod(arrivalMicros, 1_000_000L) * clockRate / 1_000_000L;
        long transit = (int) (arrivalTicks - rtpTimestamp); // 32-bit circle, as RFC 3550 does
        if (started) {
            long d = Math.abs((int) (transit - previousTransit));
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        previousTransit = transit;
        started = true;
    }

    /** Current estimate in timestamp units, as carried by a report block. */
    public long jitter() {
        return jitterQ4 >> 4;
    }
}
