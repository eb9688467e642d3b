package jp.rinjo.media.rtp.codec;

import static jp.rinjo.media.rtp.codec.H264Test.PPS;
import static jp.rinjo.media.rtp.codec.H264Test.SPS;
import static jp.rinjo.media.rtp.codec.H264Test.bytes;
import static jp.rinjo.media.rtp.codec.H264Test.stapA;
import static org.assertj.core.api.Assertions.assertThat;

import jp.rinjo.media.rtp.TestRtp;
import org.junit.jupiter.api.Test;

class KeyframeGateTest {

    private static boolean admit(KeyframeGate g, int ts, byte[] payload) {
        byte[] p = TestRtp.packet().ts(ts).payload(payload).build();
        return g.admit(p, 0, p.length);
    }

    @Test
    void h264OpensAtSpsOrAtTheFirstPacketOfAnIdrFrame() {
        KeyframeGate g = new KeyframeGate(Codec.H264);
        assertThat(admit(g, 1000, bytes(0x7C, 0x05, 1))).isFalse();      // middle of an IDR already running
        assertThat(admit(g, 1000, bytes(0x7C, 0x85, 1))).isFalse();      // second IDR slice of that frame
        assertThat(admit(g, 4000, bytes(0x41, 0x9A))).isFalse();         // P frame
        assertThat(admit(g, 7000, stapA(SPS, PPS))).isTrue();            // new access unit with SPS
        assertThat(admit(g, 7000, bytes(0x7C, 0x05, 1))).isTrue();       // then everything
        assertThat(g.isOpen()).isTrue();
        g.arm();
        assertThat(admit(g, 9000, bytes(0x41, 0x9A))).isFalse();
        assertThat(admit(g, 12000, bytes(0x7C, 0x85, 1))).isTrue();      // IDR start on a new timestamp
    }

    @Test
    void vp8OpensAtAKeyframeStart() {
        KeyframeGate g = new KeyframeGate(Codec.VP8);
        assertThat(admit(g, 1, bytes(0x10, 0x51, 0, 0))).isFalse();
        assertThat(admit(g, 2, bytes(0x10, 0x50, 0, 0, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01))).isTrue();
    }

    @Test
    void opusOpensImmediatelyAndEmptyPayloadsNeverOpen() {
        KeyframeGate g = new KeyframeGate(Codec.OPUS);
        assertThat(admit(g, 1, new byte[0])).isFalse();
        assertThat(admit(g, 1, bytes(0xFC))).isTrue();
    }

    @Test
    void codecEnumDispatchesAndKnowsClockRates() {
        assertThat(Codec.fromEncodingName("h264")).isEqualTo(Codec.H264);
        assertThat(Codec.fromEncodingName("opus").clockRate()).isEqualTo(48_000);
        assertThat(Codec.fromEncodingName("AV1")).isNull();
        assertThat(Codec.fromEncodingName(null)).isNull();
        assertThat(Codec.VP8.isVideo()).isTrue();
        assertThat(Codec.H264.isKeyframe(SPS, 0, SPS.length)).isTrue();
        assertThat(Codec.VP8.isKeyframe(SPS, 0, SPS.length)).isFalse();
        assertThat(Codec.H264.isStartOfFrame(bytes(0x7C, 0x05), 0, 2)).isFalse();
        assertThat(Codec.VP8.isStartOfFrame(bytes(0x10, 0x00), 0, 2)).isTrue();
        assertThat(Codec.OPUS.isKeyframe(new byte[1], 0, 1)).isTrue();
    }
}
