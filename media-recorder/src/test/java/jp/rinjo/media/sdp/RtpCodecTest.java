package jp.rinjo.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import jp.rinjo.media.rtp.codec.Codec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtpCodecTest {

    private static RtpCodec codec(String name, String fmtp) {
        return new RtpCodec(96, name, name.equalsIgnoreCase("opus") ? 48000 : 90000, 1, fmtp, List.of());
    }

    @Test
    void fmtpParametersKeepOrderLowerCaseNamesAndValuelessTokens() {
        RtpCodec c = codec("H264", " Profile-Level-Id=42E01F; packetization-mode=1;;level-asymmetry-allowed=1 ");
        assertThat(c.fmtpParameters()).containsExactly(
                java.util.Map.entry("profile-level-id", "42E01F"),
                java.util.Map.entry("packetization-mode", "1"),
                java.util.Map.entry("level-asymmetry-allowed", "1"));
        assertThat(codec("red", "111/111").fmtpParameters()).containsExactly(java.util.Map.entry("111/111", ""));
        assertThat(codec("VP8", null).fmtpParameters()).isEmpty();
        assertThat(codec("VP8", "  ").fmtpParameters()).isEmpty();
    }

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            H264 | level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f | H264
            h264 | packetization-mode=1                                                 | H264
            H264 | level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f |
            H264 | profile-level-id=42e01f;level-asymmetry-allowed=1                     |
            VP8  |                                                                      | VP8
            vp8  | max-fs=12288;max-fr=60                                               | VP8
            opus | minptime=10;useinbandfec=1                                           | OPUS
            OPUS |                                                                      | OPUS
            VP9  | profile-id=0                                                         |
            AV1  |                                                                      |
            rtx  | apt=96                                                               |
            """)
    void mapsToTheForwardingCodec(String name, String fmtp, Codec expected) {
        assertThat(codec(name, fmtp).rinjoCodec()).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void knowsRepairFormats() {
        assertThat(List.of("rtx", "RED", "ulpfec", "flexfec-03")).allMatch(n -> codec(n, null).isRepairCodec());
        assertThat(codec("H264", null).isRepairCodec()).isFalse();
    }

    @Test
    void writesTheRtpmapValue() {
        assertThat(new RtpCodec(111, "opus", 48000, 2, null, List.of()).rtpmapValue()).isEqualTo("111 opus/48000/2");
        assertThat(codec("VP8", null).rtpmapValue()).isEqualTo("96 VP8/90000");
    }

    @Test
    void validatesWhenBuilt() {
        assertThatThrownBy(() -> new RtpCodec(128, "VP8", 90000, 1, null, List.of())).hasMessageContaining("0-127");
        assertThatThrownBy(() -> new RtpCodec(96, "", 90000, 1, null, List.of())).hasMessageContaining("empty");
        assertThatThrownBy(() -> new RtpCodec(96, "VP8", 0, 1, null, List.of())).hasMessageContaining("clock rate");
        assertThatThrownBy(() -> new RtpCodec(96, "VP8", 90000, 1, "a=1\r\na=injected", List.of()))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> new RtpCodec(96, "VP8", 90000, 1, null, List.of("nack\npli")))
                .hasMessageContaining("control characters");
    }
}
