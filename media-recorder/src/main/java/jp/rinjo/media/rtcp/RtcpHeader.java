package jp.rinjo.media.rtcp;

import jp.rinjo.media.rtp.Bytes;

/**
 * The common 4-byte RTCP header (RFC 3550 §6.4.1) and the packet types this node handles.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P| RC/FMT  |      PT       |      length (words - 1)       |
 * </pre>
 */
public final class RtcpHeader {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Transport-layer feedback (RFC 4585 §6.2): FMT 1 generic NACK, FMT 15 transport-cc. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585 §6.3): FMT 1 PLI, FMT 4 FIR, FMT 15 application (REMB). */
    public static final int PSFB = 206;
    public static final int XR = 207;

    public static final int FMT_NACK = 1;
    public static final int FMT_TRANSPORT_CC = 15;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    public static final int FMT_AFB = 15;

    private RtcpHeader() {
    }

    public static int version(byte[] b, int off) {
        return (b[off] & 0xFF) >>> 6;
    }

    public static boolean hasPadding(byte[] b, int off) {
        return (b[off] & 0x20) != 0;
    }

    /** Reception report count, source count, or feedback message type, depending on the type. */
    public static int countOrFormat(byte[] b, int off) {
        return b[off] & 0x1F;
    }

    public static int packetType(byte[] b, int off) {
        return b[off + 1] & 0xFF;
    }

    /** Total length in bytes of the packet starting at {@code off}, header included. */
    public static int lengthBytes(byte[] b, int off) {
        return (Bytes.u16(b, off + 2) + 1) * 4;
    }

    /**
     * Length of the (sub-)packet at {@code off} if it is a well-formed RTCP header whose length fits
     * in {@code remaining} bytes (and whose padding, if flagged, fits inside it), else -1.
     */
    public static int checkedLength(byte[] b, int off, int remaining) {
        if (remaining < 4 || !Bytes.inBounds(b, off, remaining) || version(b, off) != 2) {
            return -1;
        }
        int length = lengthBytes(b, off);
        if (length > remaining) {
            return -1;
        }
        if (hasPadding(b, off)) {
            int pad = b[off + length - 1] & 0xFF;
            if (pad == 0 || pad > length - 4) {
                return -1;
            }
        }
        return length;
    }

    /** Bytes of the packet at {@code off} that carry content (padding, if any, removed). */
    public static int contentLength(byte[] b, int off, int length) {
        return hasPadding(b, off) ? length - (b[off + length - 1] & 0xFF) : length;
    }

    /** Writes a header with padding clear; {@code lengthBytes} must be a multiple of 4. */
    public static void write(byte[] b, int off, int countOrFormat, int packetType, int lengthBytes) {
        b[off] = (byte) (0x80 | (countOrFormat & 0x1F));
        b[off + 1] = (byte) packetType;
        Bytes.put16(b, off + 2, lengthBytes / 4 - 1);
    }
}
