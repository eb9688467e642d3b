package jp.rinjo.media.rtp.codec;

import jp.rinjo.media.rtp.Bytes;

/**
 * VP8 RTP payload inspection (RFC 7741). The payload starts with the VP8 payload descriptor
 * (§4.2), then, at the start of a frame, the VP8 payload header (§4.3, RFC 6386 §9.1):
 *
 * <pre>
 * descriptor: |X|R|N|S|R| PID |   X: |I|L|T|K| RSV  |   I: |M| PictureID (7 or 15) |
 *             L: | TL0PICIDX |   T or K: |TID|Y| KEYIDX |
 * header:     |Size0|H| VER |P| size1 | size2 |  (P = 0: key frame)
 *             key frames then: 9d 01 2a | width (14) + scale (2) LE | height (14) + scale (2) LE
 * </pre>
 *
 * <p>Methods take the RTP payload range, never throw and never allocate except
 * {@link #keyframeDimensions}.
 */
public final class Vp8 {
    private Vp8() {
    }

    /** Length of the payload descriptor, or -1 if it is truncated or leaves no payload. */
    public static int descriptorLength(byte[] buf, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int n = 1;
        if ((buf[off] & 0x80) != 0) { // X: extension byte present
            if (len < 2) {
                return -1;
            }
            int x = buf[off + 1] & 0xFF;
            n = 2;
            if ((x & 0x80) != 0) { // I: picture ID, 7 bits or (M set) 15 bits
                if (len < n + 1) {
                    return -1;
                }
                n += (buf[off + n] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                n += 1;
            }
            if ((x & 0x30) != 0) { // T or K: TID/Y/KEYIDX byte
                n += 1;
            }
        }
        return n < len ? n : -1;
    }

    /** S bit: the payload begins a VP8 partition. */
    public static boolean isStartOfPartition(byte[] buf, int off, int len) {
        return len >= 1 && (buf[off] & 0x10) != 0;
    }

    /** Partition index (PID), 0..7. */
    public static int partitionIndex(byte[] buf, int off, int len) {
        return len >= 1 ? buf[off] & 0x07 : -1;
    }

    /** First packet of a frame: S = 1 and PID = 0 (RFC 7741 §4.2). */
    public static boolean isStartOfFrame(byte[] buf, int off, int len) {
        return descriptorLength(buf, off, len) > 0 && (buf[off] & 0x17) == 0x10;
    }

    /** Start of a key frame: start of frame and the payload header's P bit is 0 (§4.3). */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        int d = descriptorLength(buf, off, len);
        return d > 0 && (buf[off] & 0x17) == 0x10 && (buf[off + d] & 0x01) == 0;
    }

    /** Picture ID (7 or 15 bits), or -1 if absent. */
    public static int pictureId(byte[] buf, int off, int len) {
        if (descriptorLength(buf, off, len) < 0 || (buf[off] & 0x80) == 0 || (buf[off + 1] & 0x80) == 0) {
            return -1;
        }
        int b = buf[off + 2] & 0xFF;
        return (b & 0x80) != 0 ? Bytes.u16(buf, off + 2) & 0x7FFF : b;
    }

    /** TL0PICIDX, or -1 if absent. */
    public static int tl0PicIdx(byte[] buf, int off, int len) {
        int p = optionalFieldOffset(buf, off, len, 0x40);
        return p < 0 ? -1 : buf[p] & 0xFF;
    }

    /** Temporal layer index TID (0..3), or -1 if the T bit is absent. */
    public static int temporalLayer(byte[] buf, int off, int len) {
        if (len < 2 || (buf[off] & 0x80) == 0 || (buf[off + 1] & 0x20) == 0) {
            return -1;
        }
        int p = optionalFieldOffset(buf, off, len, 0x30);
        return p < 0 ? -1 : (buf[p] & 0xFF) >>> 6;
    }

    private static int optionalFieldOffset(byte[] buf, int off, int len, int flag) {
        if (descriptorLength(buf, off, len) < 0 || (buf[off] & 0x80) == 0) {
            return -1;
        }
        int x = buf[off + 1] & 0xFF;
        if ((x & flag) == 0) {
            return -1;
        }
        int p = off + 2;
        if ((x & 0x80) != 0) {
            p += (buf[p] & 0x80) != 0 ? 2 : 1;
        }
        if (flag == 0x40) {
            return p;
        }
        return (x & 0x40) != 0 ? p + 1 : p;
    }

    /**
     * Width and height from a key frame's header (RFC 6386 §9.1: start code 9d 01 2a, then 14-bit
     * little-endian width and height, each with a 2-bit scale); null if this packet does not start a
     * key frame or is too short.
     */
    public static Dimensions keyframeDimensions(byte[] buf, int off, int len) {
        if (!isKeyframe(buf, off, len)) {
            return null;
        }
        int p = off + descriptorLength(buf, off, len);
        if (off + len - p < 10 || (buf[p + 3] & 0xFF) != 0x9D || buf[p + 4] != 0x01 || buf[p + 5] != 0x2A) {
            return null;
        }
        int w = (buf[p + 6] & 0xFF) | (buf[p + 7] & 0xFF) << 8;
        int h = (buf[p + 8] & 0xFF) | (buf[p + 9] & 0xFF) << 8;
        return new Dimensions(w & 0x3FFF, h & 0x3FFF, w >>> 14, h >>> 14);
    }

    /** Frame size in pixels and the (rarely used) upscaling codes. */
    public record Dimensions(int width, int height, int horizontalScale, int verticalScale) {
    }
}
