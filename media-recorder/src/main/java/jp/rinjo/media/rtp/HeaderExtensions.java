package jp.rinjo.media.rtp;

/**
 * RTP header extension elements (RFC 8285), looked up by their negotiated local id
 * ({@code a=extmap}), without allocating.
 *
 * <p>Two forms exist (RFC 8285 §4.2, §4.3): the one-byte form, profile word {@code 0xBEDE}, elements
 * {@code ID(4) | L(4) | L+1 bytes}, ids 1..14, id 15 stops parsing; the two-byte form, profile word
 * {@code 0x100X}, elements {@code ID(8) | length(8) | length bytes}, ids 1..255. In both, a zero
 * byte where an element would start is padding.
 *
 * <p>{@link #find} returns a packed {@code long}: the absolute data offset in the high 32 bits and
 * the data length in the low 32 ({@link #NOT_FOUND} if absent or malformed). Unpack with
 * {@link #dataOffset} and {@link #dataLength}.
 */
public final class HeaderExtensions {
    public static final long NOT_FOUND = -1L;
    public static final int ONE_BYTE_PROFILE = 0xBEDE;

    /** {@code http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01}. */
    public static final String TRANSPORT_CC_URI =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** {@code http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time}. */
    public static final String ABS_SEND_TIME_URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    private HeaderExtensions() {
    }

    /**
     * Finds element {@code id} in the packet's header extension. Never throws: a packet without
     * the X bit, with an unknown profile or with a truncated element gives {@link #NOT_FOUND}.
     */
    public static long find(byte[] buf, int off, int len, int id) {
        if (id <= 0 || id > 255 || !Bytes.inBounds(buf, off, len) || len < RtpPacket.FIXED_HEADER_LENGTH) {
            return NOT_FOUND;
        }
        int ext = RtpPacket.extensionOffset(buf, off, len);
        if (ext < 0) {
            return NOT_FOUND;
        }
        int profile = Bytes.u16(buf, ext);
        int p = ext + 4;
        int end = p + 4 * Bytes.u16(buf, ext + 2);
        if (profile == ONE_BYTE_PROFILE) {
            return id < 15 ? findOneByte(buf, p, end, id) : NOT_FOUND;
        }
        if ((profile & 0xFFF0) == 0x1000) {
            return findTwoByte(buf, p, end, id);
        }
        return NOT_FOUND;
    }

    private static long findOneByte(byte[] buf, int p, int end, int id) {
        while (p < end) {
            int b = buf[p] & 0xFF;
            int elementId = b >>> 4;
            if (elementId == 0) { // padding byte (RFC 8285 §4.2)
                p++;
                continue;
            }
            if (elementId == 15) { // reserved: "stop parsing" (RFC 8285 §4.2)
                return NOT_FOUND;
            }
            int length = (b & 0x0F) + 1;
            if (p + 1 + length > end) {
                return NOT_FOUND;
            }
            if (elementId == id) {
                return pack(p + 1, length);
            }
            p += 1 + length;
        }
        return NOT_FOUND;
    }

    private static long findTwoByte(byte[] buf, int p, int end, int id) {
        while (p < end) {
            int elementId = buf[p] & 0xFF;
            if (elementId == 0) {
                p++;
                continue;
            }
            if (p + 2 > end) {
                return NOT_FOUND;
            }
            int length = buf[p + 1] & 0xFF;
            if (p + 2 + length > end) {
                return NOT_FOUND;
            }
            if (elementId == id) {
                return pack(p + 2, length);
            }
            p += 2 + length;
        }
        return NOT_FOUND;
    }

    private static long pack(int dataOffset, int length) {
        return ((long) dataOffset << 32) | length;
    }

    public static int dataOffset(long found) {
        return (int) (found >>> 32);
    }

    public static int dataLength(long found) {
        return (int) found;
    }

    /**
     * The 16-bit transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01
     * §2), or -1 if absent. Accepts the 4-byte "transport-wide-cc-02" variant too (first two bytes).
     */
    public static int transportSequenceNumber(byte[] buf, int off, int len, int id) {
        long found = find(buf, off, len, id);
        if (found == NOT_FOUND || dataLength(found) < 2) {
            return -1;
        }
        return Bytes.u16(buf, dataOffset(found));
    }

    /**
     * Overwrites the transport-wide sequence number in place (the SFU numbers its own outgoing
     * packets per subscriber transport). False, and nothing written, if the element is absent.
     */
    public static boolean setTransportSequenceNumber(byte[] buf, int off, int len, int id, int seq) {
        long found = find(buf, off, len, id);
        if (found == NOT_FOUND || dataLength(found) < 2) {
            return false;
        }
        Bytes.put16(buf, dataOffset(found), seq);
        return true;
    }

    /**
     * abs-send-time: 24-bit, 6.18 fixed-point seconds of the sender's clock, wrapping every 64 s.
     * -1 if absent or not 3 bytes long.
     */
    public static int absSendTime(byte[] buf, int off, int len, int id) {
        long found = find(buf, off, len, id);
        if (found == NOT_FOUND || dataLength(found) != 3) {
            return -1;
        }
        return Bytes.u24(buf, dataOffset(found));
    }

    /** Converts a 6.18 fixed-point abs-send-time value to microseconds (0..64 s, 3.8 µs steps). */
    public static long absSendTimeToMicros(int absSendTime) {
        return ((absSendTime & 0xFFFFFFL) * 1_000_000L) >> 18;
    }
}
