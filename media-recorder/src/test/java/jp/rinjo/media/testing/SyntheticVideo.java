package jp.rinjo.media.testing;

import jp.rinjo.media.rtp.HeaderExtensions;
import jp.rinjo.media.rtp.RtpPacket;

/**
 * Fake: an H.264 camera at the RTP level — keyframes as STAP-A (SPS, PPS) plus an IDR slice, delta
 * frames as single non-IDR NAL units — with a transport-cc header extension. Enough for the node to
 * gate, forward and record; nothing decodes it.
 */
public final class SyntheticVideo {
    private final int ssrc;
    private final int pt;
    private final int twccId;
    private int seq;
    private int timestamp;
    private int transportSeq;
    private final int spare;

    public SyntheticVideo(int ssrc, int pt, int twccId, int spare) {
        this.ssrc = ssrc;
        this.pt = pt;
        this.twccId = twccId;
        this.spare = spare;
        this.seq = 1000;
        this.timestamp = 90_000;
    }

    public int nextSequence() {
        return seq & 0xFFFF;
    }

    /** The packets of the next frame (30 fps timestamps); payloadSize bytes of slice data. */
    public byte[][] frame(boolean keyframe, int payloadSize) {
        timestamp += 3000;
        if (keyframe) {
            byte[] stap = {24, 0, 4, 0x67, 0x42, (byte) 0xe0, 0x1f, 0, 4, 0x68, (byte) 0xce, 0x3c, (byte) 0x80};
            byte[] idr = new byte[payloadSize];
            idr[0] = 0x65;
            return new byte[][] {packet(stap, false), packet(idr, true)};
        }
        byte[] slice = new byte[payloadSize];
        slice[0] = 0x41;
        return new byte[][] {packet(slice, true)};
    }

    private byte[] packet(byte[] payload, boolean marker) {
        int header = 12 + 8; // fixed header + one-byte extension block holding transport-cc (2 bytes, padded)
        byte[] b = new byte[header + payload.length + spare];
        RtpPacket.writeHeader(b, 0, marker, pt, seq++ & 0xFFFF, timestamp, ssrc);
        b[0] |= 0x10; // X bit
        b[12] = (byte) 0xBE;
        b[13] = (byte) 0xDE;
        b[14] = 0;
        b[15] = 1; // one 32-bit word of extensions
        b[16] = (byte) ((twccId << 4) | 1);
        HeaderExtensions.setTransportSequenceNumber(b, 0, header + payload.length, twccId, transportSeq++ & 0xFFFF);
        System.arraycopy(payload, 0, b, header, payload.length);
        return b;
    }

    /** Length of the packet without the spare room. */
    public int length(byte[] packet) {
        return packet.length - spare;
    }
}
