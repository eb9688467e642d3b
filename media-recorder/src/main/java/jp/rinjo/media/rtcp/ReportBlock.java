package jp.rinjo.media.rtcp;

/**
 * A reception report block (RFC 3550 §6.4.1), 24 bytes in an SR or RR.
 *
 * @param ssrc               source this block reports on
 * @param fractionLost       8-bit fixed-point fraction lost since the previous report (0..255)
 * @param cumulativeLost     24-bit signed cumulative number of packets lost
 * @param extendedHighestSeq cycles &lt;&lt; 16 | highest sequence number received (unsigned 32)
 * @param jitter             interarrival jitter in timestamp units (unsigned 32)
 * @param lastSr             middle 32 bits of the NTP timestamp of the last SR received (LSR)
 * @param delaySinceLastSr   delay since that SR in 1/65536 s (DLSR)
 */
public record ReportBlock(int ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq, long jitter,
        long lastSr, long delaySinceLastSr) {
    public static final int LENGTH = 24;

    public ReportBlock {
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fractionLost must be 0..255: " + fractionLost);
        }
        if (cumulativeLost < -(1 << 23) || cumulativeLost >= (1 << 23)) {
            throw new IllegalArgumentException("cumulativeLost must fit 24 bits signed: " + cumulativeLost);
        }
        extendedHighestSeq &= 0xFFFF_FFFFL;
        jitter &= 0xFFFF_FFFFL;
        lastSr &= 0xFFFF_FFFFL;
        delaySinceLastSr &= 0xFFFF_FFFFL;
    }
}
