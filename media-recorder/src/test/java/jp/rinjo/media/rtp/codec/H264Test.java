package jp.rinjo.media.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class H264Test {
    static final byte[] SPS = bytes(0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80, 0xF6);
    static final byte[] PPS = bytes(0x68, 0xCE, 0x3C, 0x80);

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** STAP-A (RFC 6184 §5.7.1): header 0x78 (NRI 3, type 24), then 16-bit size + NAL for each. */
    static byte[] stapA(byte[]... nals) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0x78);
        for (byte[] n : nals) {
            out.write(n.length >>> 8);
            out.write(n.length);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    private static boolean key(byte[] p) {
        return H264.isKeyframe(p, 0, p.length);
    }

    @Test
    void singleNalUnits() {
        assertThat(key(bytes(0x65, 0x88, 0x80))).isTrue();  // IDR slice
        assertThat(key(SPS)).isTrue();
        assertThat(key(PPS)).isFalse();
        assertThat(key(bytes(0x41, 0x9A, 0x02))).isFalse(); // non-IDR slice
        assertThat(key(bytes(0x06, 0x05))).isFalse();       // SEI
        assertThat(H264.startsNalUnit(bytes(0x41, 0x9A), 0, 2)).isTrue();
        assertThat(H264.packetType(new byte[0], 0, 0)).isEqualTo(-1);
    }

    @Test
    void stapAWithSpsPpsIdrIsAKeyframe() {
        byte[] stap = stapA(SPS, PPS, bytes(0x65, 0x88, 0x84));
        assertThat(key(stap)).isTrue();
        assertThat(H264.hasSps(stap, 0, stap.length)).isTrue();
        assertThat(H264.startedNalTypes(stap, 0, stap.length)).isEqualTo((1 << 7) | (1 << 8) | (1 << 5));
        byte[] ppsAndSei = stapA(PPS, bytes(0x06, 0x01));
        assertThat(key(ppsAndSei)).isFalse();
    }

    @Test
    void fuAStartOfIdrIsAKeyframeButMiddleAndEndAreNot() {
        assertThat(key(bytes(0x7C, 0x85, 0x88, 0x80))).isTrue();   // S=1, type 5
        assertThat(key(bytes(0x7C, 0x05, 0x11))).isFalse();        // middle
        assertThat(key(bytes(0x7C, 0x45, 0x11))).isFalse();        // end
        assertThat(key(bytes(0x5C, 0x81, 0x9A))).isFalse();        // start of a non-IDR slice
        assertThat(H264.startsNalUnit(bytes(0x7C, 0x05), 0, 2)).isFalse();
        assertThat(H264.startsNalUnit(bytes(0x7C, 0x81), 0, 2)).isTrue();
        assertThat(key(bytes(0x7C))).isFalse();                    // truncated FU-A
    }

    @Test
    void extractsParameterSets() {
        byte[] stap = stapA(SPS, PPS, bytes(0x65, 0x88));
        byte[] framed = new byte[stap.length + 4];
        System.arraycopy(stap, 0, framed, 3, stap.length);
        H264.ParameterSets ps = H264.parameterSets(framed, 3, stap.length);
        assertThat(ps).isEqualTo(new H264.ParameterSets(SPS, PPS));
        assertThat(H264.parameterSets(SPS, 0, SPS.length)).isEqualTo(new H264.ParameterSets(SPS, null));
        assertThat(H264.parameterSets(PPS, 0, PPS.length)).isEqualTo(new H264.ParameterSets(null, PPS));
        assertThat(H264.parameterSets(bytes(0x65, 1), 0, 2)).isNull();
        assertThat(ps.toString()).contains("8 bytes", "4 bytes");
    }

    @Test
    void malformedStapAStopsAtTheBrokenUnit() {
        byte[] stap = stapA(SPS, PPS);
        stap[1 + 2 + SPS.length + 1] = 50; // PPS size runs past the end
        assertThat(H264.startedNalTypes(stap, 0, stap.length)).isEqualTo(1 << 7);
        assertThat(H264.parameterSets(stap, 0, stap.length)).isEqualTo(new H264.ParameterSets(SPS, null));
        assertThat(H264.startedNalTypes(bytes(0x78, 0x00, 0x00, 0x65), 0, 4)).isZero();
    }

    @Test
    void randomPayloadsNeverThrow() {
        Random r = new Random(21);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (r.nextBoolean() ? 24 : 28);
            }
            int len = r.nextInt(b.length + 1);
            H264.isKeyframe(b, 0, len);
            H264.startsNalUnit(b, 0, len);
            H264.parameterSets(b, 0, len);
        }
    }
}
