package jp.rinjo.media.rtp;

/**
 * Big-endian (network order) reads and writes on a byte array, shared by the RTP and RTCP code.
 *
 * <p>No bounds checks beyond the JVM's own: callers check lengths first, which they must do
 * anyway to reject truncated packets without throwing.
 */
public final class Bytes {
    private Bytes() {
    }

    public static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    public static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    /** Signed 16-bit value. */
    public static int s16(byte[] b, int i) {
        return (short) u16(b, i);
    }

    public static int u24(byte[] b, int i) {
        return ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
    }

    /** The 32 bits as a Java int (SSRCs, timestamps: compare with {@code ==}, print unsigned). */
    public static int i32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    public static long u32(byte[] b, int i) {
        return i32(b, i) & 0xFFFF_FFFFL;
    }

    public static long i64(byte[] b, int i) {
        return ((long) i32(b, i) << 32) | u32(b, i + 4);
    }

    public static void put8(byte[] b, int i, int v) {
        b[i] = (byte) v;
    }

    public static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    public static void put24(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 16);
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) v;
    }

    public static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    public static void put64(byte[] b, int i, long v) {
        put32(b, i, (int) (v >>> 32));
        put32(b, i + 4, (int) v);
    }

    /** True when {@code [off, off+len)} is a well-formed range inside {@code b}. */
    public static boolean inBounds(byte[] b, int off, int len) {
        return b != null && off >= 0 && len >= 0 && off <= b.length - len;
    }
}
