package jp.rinjo.media.sfu;

/**
 * Which NACKed packets one forwarded track resends (RFC 4585 §6.2.1 leaves that to the sender).
 *
 * <p>One RTCP packet can NACK hundreds of sequence numbers: a subscriber that asks for the whole
 * retransmission cache again and again, whether buggy or hostile, would otherwise make the node
 * send half a megabyte for each 1.5 KB it receives, and spend the media thread on it. So:
 * <ul>
 *   <li>a packet is resent at most once per {@link #MIN_RESEND_INTERVAL_NANOS}: a browser asks again
 *       only after about a round trip, and a NACK that lists one number twice gets one copy;</li>
 *   <li>resends draw on a budget (a token bucket, {@link #BURST} at once, {@link #PER_SECOND}
 *       more each second): enough to repair a lost 720p keyframe at once and a 2.5 Mbit/s stream
 *       losing a third of its packets, and a bound on what any subscriber can ask for.</li>
 * </ul>
 * Confined to the media event loop, like its track.
 */
final class ResendPolicy {
    static final long MIN_RESEND_INTERVAL_NANOS = 40_000_000L;
    static final int BURST = 256;
    static final int PER_SECOND = 200;

    private final long[] lastResentNanos;
    /** The sequence number last resent from each cache slot, -1 for none: a new packet in the slot differs. */
    private final int[] resentSeq;
    private double tokens = BURST;
    private long refilledAt;
    private boolean started;

    ResendPolicy(int cacheSlots) {
        this.lastResentNanos = new long[cacheSlots];
        this.resentSeq = new int[cacheSlots];
        java.util.Arrays.fill(resentSeq, -1);
    }

    /** Whether the packet {@code seq} in this cache slot may be resent now; if so, it is counted as resent. */
    boolean mayResend(int slot, int seq, long nowNanos) {
        if (resentSeq[slot] == seq && nowNanos - lastResentNanos[slot] < MIN_RESEND_INTERVAL_NANOS) {
            return false;
        }
        if (!started) {
            started = true;
            refilledAt = nowNanos;
        }
        tokens = Math.min(BURST, tokens + (nowNanos - refilledAt) * PER_SECOND / 1e9);
        refilledAt = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        resentSeq[slot] = seq;
        lastResentNanos[slot] = nowNanos;
        return true;
    }
}
