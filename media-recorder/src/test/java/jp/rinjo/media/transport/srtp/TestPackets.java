package jp.rinjo.media.transport.srtp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** Builds RTP/RTCP test packets with room for the SRTP trailer. */
final class TestPackets {
    static final HexFormat HEX = HexFormat.of();

    private TestPackets() {
    }

    /** An RTP packet (version 2, PT 96) of {@code payloadLength} pseudo-random bytes, in an array with {@code tailRoom} spare bytes. */
    static byte[] rtp(int ssrc, int seq, int payloadLength, int tailRoom, long seed) {
        byte[] p = new byte[12 + payloadLength + tailRoom];
        p[0] = (byte) 0x80;
        p[1] = 96;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        writeInt(p, 4, seq * 3000);
        writeInt(p, 8, ssrc);
        byte[] payload = new byte[payloadLength];
        new Random(seed).nextBytes(payload);
        System.arraycopy(payload, 0, p, 12, payloadLength);
        return p;
    }

    /** An RTCP receiver report with one report block (32 bytes) from {@code ssrc}. */
    static byte[] rtcpReceiverReport(int ssrc, int tailRoom) {
        byte[] p = new byte[32 + tailRoom];
        p[0] = (byte) 0x81;
        p[1] = (byte) 201;
        p[3] = 7;
        writeInt(p, 4, ssrc);
        writeInt(p, 8, 0x11223344);
        for (int i = 12; i < 32; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    static byte[] withTailRoom(byte[] packet, int tailRoom) {
        return Arrays.copyOf(packet, packet.length + tailRoom);
    }

    static void writeInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    static SrtpKeyingMaterial randomKeys(SrtpProfile profile, long seed) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(seed).nextBytes(material);
        return SrtpKeyingMaterial.fromExporterOutput(profile, material);
    }
}
