package jp.rinjo.media.sfu;

/** Writes a bare RTCP sender report (RFC 3550 §6.4.1), no report blocks. */
final class SenderReports {
    static final int LENGTH = 28;

    private SenderReports() {
    }

    /** @param spare bytes to leave after the packet (room for the SRTCP trailer) */
    static byte[] write(int ssrc, long ntp, int rtpTimestamp, long packets, long octets, int spare) {
        byte[] b = new byte[LENGTH + spare];
        b[0] = (byte) 0x80;
        b[1] = (byte) 200;
        b[2] = 0;
        b[3] = 6; // length in 32-bit words minus one
        putInt(b, 4, ssrc);
        putInt(b, 8, (int) (ntp >>> 32));
        putInt(b, 12, (int) ntp);
        putInt(b, 16, rtpTimestamp);
        putInt(b, 20, (int) packets);
        putInt(b, 24, (int) octets);
        return b;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
