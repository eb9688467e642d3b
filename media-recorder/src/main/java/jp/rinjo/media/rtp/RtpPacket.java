package jp.rinjo.media.rtp;

/**
 * Static, allocation-free accessors over an RTP packet held in {@code buf[off, off+len)}
 * (RFC 3550 §5.1). Nothing is copied: setters change the packet in place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers (CC x 32)   |
 * |  [extension: profile (16) | length in words (16) | data...]    |
 * |  payload ...                     [padding ... | pad count]    |
 * </pre>
 *
 * <p>Contract: call {@link #isValid} once per received packet; it never throws, whatever the bytes.
 * The fixed-field accessors (those taking only {@code buf, off}) assume that check passed; the
 * variable-length ones take {@code len} and return -1 instead of throwing (given a range that lies
 * inside {@code buf}).
 *
 * <p>32-bit fields (timestamp, SSRC) are returned as Java {@code int}: compare with {@code ==},
 * widen with {@link Integer#toUnsignedLong(int)} where arithmetic needs it.
 */
public final class RtpPacket {
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int VERSION = 2;

    private RtpPacket() {
    }

    /**
     * True if {@code buf[off, off+len)} holds a structurally sound RTP packet: version 2, CSRC
     * list, header extension and padding all inside {@code len}, padding count non-zero.
     * Says nothing about the payload type: use {@link #isRtcp} first on an rtcp-mux port.
     */
    public static boolean isValid(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len < FIXED_HEADER_LENGTH) {
            return false;
        }
        if (version(buf, off) != VERSION) {
            return false;
        }
        int header = headerLength(buf, off, len);
        if (header < 0) {
            return false;
        }
        int pad = paddingLength(buf, off, len);
        return pad >= 0 && header + pad <= len;
    }

    /**
     * RFC 5761 §4 / RFC 7983: on a muxed port a packet whose second byte is 192..223 is RTCP
     * (RTP payload types 64..95 are never used for that reason). First byte must say version 2.
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len < 8) {
            return false;
        }
        int pt = buf[off + 1] & 0xFF;
        return (buf[off] & 0xC0) == 0x80 && pt >= 192 && pt <= 223;
    }

    public static int version(byte[] buf, int off) {
        return (buf[off] & 0xFF) >>> 6;
    }

    public static boolean hasPadding(byte[] buf, int off) {
        return (buf[off] & 0x20) != 0;
    }

    public static boolean hasExtension(byte[] buf, int off) {
        return (buf[off] & 0x10) != 0;
    }

    public static int csrcCount(byte[] buf, int off) {
        return buf[off] & 0x0F;
    }

    public static boolean marker(byte[] buf, int off) {
        return (buf[off + 1] & 0x80) != 0;
    }

    public static int payloadType(byte[] buf, int off) {
        return buf[off + 1] & 0x7F;
    }

    public static int sequenceNumber(byte[] buf, int off) {
        return Bytes.u16(buf, off + 2);
    }

    public static int timestamp(byte[] buf, int off) {
        return Bytes.i32(buf, off + 4);
    }

    public static int ssrc(byte[] buf, int off) {
        return Bytes.i32(buf, off + 8);
    }

    /** The {@code index}-th CSRC; {@code index < csrcCount}. */
    public static int csrc(byte[] buf, int off, int index) {
        return Bytes.i32(buf, off + FIXED_HEADER_LENGTH + 4 * index);
    }

    /**
     * Offset (absolute, into {@code buf}) of the 4-byte header-extension header (the 16-bit
     * "defined by profile" word and the 16-bit length in 32-bit words), or -1 if the X bit is clear
     * or the extension does not fit in {@code len}.
     */
    public static int extensionOffset(byte[] buf, int off, int len) {
        if (!hasExtension(buf, off)) {
            return -1;
        }
        int ext = FIXED_HEADER_LENGTH + 4 * csrcCount(buf, off);
        if (ext + 4 > len) {
            return -1;
        }
        int words = Bytes.u16(buf, off + ext + 2);
        return ext + 4 + 4 * words <= len ? off + ext : -1;
    }

    /**
     * Length of the whole header: fixed part, CSRCs and header extension (RFC 3550 §5.3.1).
     * -1 if any of it runs past {@code len}.
     */
    public static int headerLength(byte[] buf, int off, int len) {
        if (len < FIXED_HEADER_LENGTH) {
            return -1;
        }
        int header = FIXED_HEADER_LENGTH + 4 * csrcCount(buf, off);
        if (header > len) {
            return -1;
        }
        if (hasExtension(buf, off)) {
            if (header + 4 > len) {
                return -1;
            }
            header += 4 + 4 * Bytes.u16(buf, off + header + 2);
            if (header > len) {
                return -1;
            }
        }
        return header;
    }

    /**
     * Number of padding octets at the end (RFC 3550 §5.1: the last octet counts them, itself
     * included); 0 when P is clear, -1 when P is set but the count is 0 or exceeds the packet.
     */
    public static int paddingLength(byte[] buf, int off, int len) {
        if (len <= FIXED_HEADER_LENGTH) {
            return len == FIXED_HEADER_LENGTH && !hasPadding(buf, off) ? 0 : -1;
        }
        if (!hasPadding(buf, off)) {
            return 0;
        }
        int pad = buf[off + len - 1] & 0xFF;
        return pad == 0 || pad > len - FIXED_HEADER_LENGTH ? -1 : pad;
    }

    /** Absolute offset of the payload in {@code buf}, or -1 if the header does not fit. */
    public static int payloadOffset(byte[] buf, int off, int len) {
        int header = headerLength(buf, off, len);
        return header < 0 ? -1 : off + header;
    }

    /** Payload length with padding removed, or -1 if the packet is malformed. */
    public static int payloadLength(byte[] buf, int off, int len) {
        int header = headerLength(buf, off, len);
        int pad = paddingLength(buf, off, len);
        if (header < 0 || pad < 0 || header + pad > len) {
            return -1;
        }
        return len - header - pad;
    }

    public static void setMarker(byte[] buf, int off, boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    /** Keeps the marker bit; {@code pt} is 0..127. */
    public static void setPayloadType(byte[] buf, int off, int pt) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (pt & 0x7F));
    }

    public static void setSequenceNumber(byte[] buf, int off, int seq) {
        Bytes.put16(buf, off + 2, seq);
    }

    public static void setTimestamp(byte[] buf, int off, int timestamp) {
        Bytes.put32(buf, off + 4, timestamp);
    }

    public static void setSsrc(byte[] buf, int off, int ssrc) {
        Bytes.put32(buf, off + 8, ssrc);
    }

    /**
     * Writes a minimal 12-byte header (V=2, no padding/extension/CSRC) at {@code off}; for tests,
     * probes and the recorder's converters. Returns {@link #FIXED_HEADER_LENGTH}.
     */
    public static int writeHeader(byte[] buf, int off, boolean marker, int pt, int seq, int timestamp, int ssrc) {
        buf[off] = (byte) 0x80;
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | (pt & 0x7F));
        setSequenceNumber(buf, off, seq);
        setTimestamp(buf, off, timestamp);
        setSsrc(buf, off, ssrc);
        return FIXED_HEADER_LENGTH;
    }
}
