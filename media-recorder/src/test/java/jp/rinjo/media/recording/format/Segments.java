package jp.rinjo.media.recording.format;

import java.util.Random;

/** Test data: headers and packets. */
public final class Segments {
    private Segments() {
    }

    public static SegmentHeader header(long seq, Sha256 prev) {
        return new SegmentHeader("ses_0123456789abcdefghjk", "trk_0123456789abcdefghjk", "par_0123456789abcdefghjk",
                "par_0123456789abcdefghjk/video0/H264", "video",
                new CodecInfo("H264", 90000, 102, 1, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"),
                seq, prev, 1_760_000_000_000_000L + seq * 2_000_000, 5_000_000_000L + seq * 2_000_000_000L, "node_0123456789abcdefghjk");
    }

    public static SegmentHeader header() {
        return header(0, Sha256.ZERO);
    }

    /** A plausible RTP packet (version 2, given sequence number) with random payload. */
    public static byte[] rtp(int seq, int payload, Random random) {
        byte[] p = new byte[12 + payload];
        random.nextBytes(p);
        p[0] = (byte) 0x80;
        p[1] = 102;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        return p;
    }
}
