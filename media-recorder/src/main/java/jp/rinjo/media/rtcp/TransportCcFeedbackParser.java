package jp.rinjo.media.rtcp;

import java.util.ArrayList;
import java.util.List;
import jp.rinjo.media.rtp.Bytes;

/**
 * Decodes a transport-cc feedback packet (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1). Never throws: anything malformed, or with more than
 * {@value TransportCcFeedback#MAX_STATUS_COUNT} statuses, gives {@code null}.
 *
 * <p>Layout after the RTPFB header and the two SSRCs: base sequence number (16), packet status count
 * (16), reference time (24), feedback packet count (8), then 16-bit packet chunks until "count"
 * statuses are described, then one receive delta per received packet (8-bit unsigned for symbol 1,
 * 16-bit signed for symbol 2, in 250 µs), then padding to a 32-bit boundary.
 *
 * <p>Note: the draft's prose describes the 1-bit status vector as "received (0) / not received
 * (1)", but its own example and every implementation (libwebrtc) use 0 = not received, 1 = received
 * with a small delta; this parser follows the latter.
 */
public final class TransportCcFeedbackParser {
    private static final int FIXED = 20;

    private TransportCcFeedbackParser() {
    }

    /** Parses the RTCP packet at {@code buf[off, off+length)}; null if it is not valid transport-cc. */
    public static TransportCcFeedback parse(byte[] buf, int off, int length) {
        if (RtcpHeader.checkedLength(buf, off, length) != length || length < FIXED
                || RtcpHeader.packetType(buf, off) != RtcpHeader.RTPFB
                || RtcpHeader.countOrFormat(buf, off) != RtcpHeader.FMT_TRANSPORT_CC) {
            return null;
        }
        int end = off + RtcpHeader.contentLength(buf, off, length);
        int base = Bytes.u16(buf, off + 12);
        int count = Bytes.u16(buf, off + 14);
        int referenceTime = Bytes.u24(buf, off + 16);
        int fbCount = Bytes.u8(buf, off + 19);
        if (count > TransportCcFeedback.MAX_STATUS_COUNT || count > (end - off - FIXED) / 2 * 8191L) {
            return null; // more statuses than any feedback here carries, or than the chunks could describe
        }
        int[] symbols = new int[count];
        int n = 0;
        int p = off + FIXED;
        while (n < count) {
            if (p + 2 > end) {
                return null;
            }
            int chunk = Bytes.u16(buf, p);
            p += 2;
            if ((chunk & 0x8000) == 0) { // run length chunk (§3.1.3)
                int symbol = (chunk >>> 13) & 3;
                int run = Math.min(chunk & 0x1FFF, count - n);
                for (int i = 0; i < run; i++) {
                    symbols[n++] = symbol;
                }
            } else if ((chunk & 0x4000) == 0) { // status vector, 14 one-bit symbols (§3.1.4)
                for (int i = 0; i < 14 && n < count; i++) {
                    symbols[n++] = (chunk >>> (13 - i)) & 1;
                }
            } else { // status vector, 7 two-bit symbols
                for (int i = 0; i < 7 && n < count; i++) {
                    symbols[n++] = (chunk >>> (12 - 2 * i)) & 3;
                }
            }
        }
        List<TransportCcFeedback.PacketStatus> packets = new ArrayList<>(count);
        long time = referenceTime * TransportCcFeedback.REFERENCE_TIME_UNIT_MICROS;
        for (int i = 0; i < count; i++) {
            int symbol = symbols[i];
            int seq = (base + i) & 0xFFFF;
            if (symbol == TransportCcFeedback.NOT_RECEIVED) {
                packets.add(new TransportCcFeedback.PacketStatus(seq, symbol, 0));
                continue;
            }
            int delta;
            if (symbol == TransportCcFeedback.RECEIVED_SMALL_DELTA) {
                if (p + 1 > end) {
                    return null;
                }
                delta = Bytes.u8(buf, p);
                p += 1;
            } else if (symbol == TransportCcFeedback.RECEIVED_LARGE_DELTA) {
                if (p + 2 > end) {
                    return null;
                }
                delta = Bytes.s16(buf, p);
                p += 2;
            } else {
                return null; // symbol 11 is reserved
            }
            time += delta * TransportCcFeedback.DELTA_TICK_MICROS;
            packets.add(new TransportCcFeedback.PacketStatus(seq, symbol, time));
        }
        return new TransportCcFeedback(Bytes.i32(buf, off + 4), Bytes.i32(buf, off + 8), base, referenceTime, fbCount,
                packets);
    }
}
