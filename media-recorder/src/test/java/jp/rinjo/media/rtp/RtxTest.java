package jp.rinjo.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtxTest {

    @Test
    void encapsulateThenDecapsulateRestoresTheOriginal() {
        byte[] original = TestRtp.packet().marker(true).pt(96).seq(65_535).ts(77).ssrc(0xAAAA)
                .ext1(5, 0, 9).payload(1, 2, 3, 4, 5).padding(3).build();
        byte[] buf = Arrays.copyOf(original, original.length + 2);
        int len = Rtx.encapsulate(buf, 0, original.length, 0xBBBB, 97, 123);
        assertThat(len).isEqualTo(original.length + 2);
        assertThat(RtpPacket.isValid(buf, 0, len)).isTrue();
        assertThat(RtpPacket.ssrc(buf, 0)).isEqualTo(0xBBBB);
        assertThat(RtpPacket.payloadType(buf, 0)).isEqualTo(97);
        assertThat(RtpPacket.marker(buf, 0)).isTrue();
        assertThat(RtpPacket.sequenceNumber(buf, 0)).isEqualTo(123);
        assertThat(Rtx.originalSequenceNumber(buf, 0, len)).isEqualTo(65_535);
        assertThat(RtpPacket.payloadLength(buf, 0, len)).isEqualTo(7);
        int back = Rtx.decapsulate(buf, 0, len, 0xAAAA, 96);
        assertThat(Arrays.copyOf(buf, back)).isEqualTo(original);
    }

    @Test
    void paddingOnlyProbesHaveNoOriginalAndAreLeftAlone() {
        byte[] probe = TestRtp.packet().pt(97).seq(5).ssrc(0xBBBB).ext1(5, 0, 1).padding(200).build();
        byte[] copy = probe.clone();
        assertThat(Rtx.originalSequenceNumber(probe, 0, probe.length)).isEqualTo(-1);
        assertThat(Rtx.decapsulate(probe, 0, probe.length, 1, 96)).isEqualTo(-1);
        assertThat(probe).isEqualTo(copy);
        assertThat(HeaderExtensions.transportSequenceNumber(probe, 0, probe.length, 5)).isEqualTo(1);
    }

    @Test
    void encapsulateNeedsTwoSpareBytes() {
        byte[] p = TestRtp.packet().payload(1).build();
        assertThat(Rtx.encapsulate(p, 0, p.length, 1, 2, 3)).isEqualTo(-1);
    }
}
