package jp.rinjo.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodecPolicyTest {

    private static RtpCodec h264(int pt, int mode, String profileLevelId) {
        return new RtpCodec(pt, "H264", 90000, 1,
                "level-asymmetry-allowed=1;packetization-mode=" + mode + ";profile-level-id=" + profileLevelId, List.of());
    }

    private static RtpCodec named(int pt, String name) {
        return new RtpCodec(pt, name, 90000, 1, null, List.of());
    }

    private static MediaSection video(RtpCodec... codecs) {
        List<Integer> pts = new ArrayList<>();
        for (RtpCodec c : codecs) {
            pts.add(c.payloadType());
        }
        return new MediaSection("video", 9, "UDP/TLS/RTP/SAVPF", pts, "1", Direction.SENDONLY, null, null, null, true,
                List.of(codecs), List.of(), List.of(), List.of(), null, false, List.of());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"42e01f, true", "42E034, true", "42c01f, true", "42401f, true", "42001f, false", "4d001f, false",
            "640c1f, false", "42e0, false", "42zz1f, false", "4de01f, false"})
    void recognisesConstrainedBaseline(String profileLevelId, boolean expected) {
        assertThat(CodecPolicy.isConstrainedBaselineH264(h264(96, 1, profileLevelId))).isEqualTo(expected);
    }

    @Test
    void constrainedBaselineNeedsPacketizationModeOne() {
        assertThat(CodecPolicy.isConstrainedBaselineH264(h264(96, 0, "42e01f"))).isFalse();
    }

    @Test
    void prefersConstrainedBaselineThenBaseline31ThenVp8() {
        assertThat(CodecPolicy.choose(video(named(96, "VP8"), h264(102, 1, "42001f"), h264(106, 1, "42e01f"),
                h264(108, 0, "42e01f")))).map(RtpCodec::payloadType).contains(106);
        assertThat(CodecPolicy.choose(video(named(96, "VP8"), h264(102, 1, "42001f"), h264(104, 0, "42001f"))))
                .map(RtpCodec::payloadType).contains(102);
        assertThat(CodecPolicy.choose(video(named(98, "VP9"), h264(104, 0, "42e01f"), h264(112, 1, "64001f"),
                named(96, "VP8")))).map(RtpCodec::payloadType).contains(96);
        assertThat(CodecPolicy.choose(video(named(98, "VP9"), named(45, "AV1"), named(116, "red")))).isEmpty();
    }

    @Test
    void amongEqualsTheOffersOrderWins() {
        assertThat(CodecPolicy.choose(video(h264(127, 1, "42c01f"), h264(106, 1, "42e01f"))))
                .map(RtpCodec::payloadType).contains(127);
    }

    @Test
    void audioIsOpusStereoAt48kOnly() {
        RtpCodec mono = new RtpCodec(111, "opus", 48000, 1, null, List.of());
        RtpCodec stereo = new RtpCodec(109, "OPUS", 48000, 2, null, List.of());
        MediaSection audio = new MediaSection("audio", 9, "UDP/TLS/RTP/SAVPF", List.of(111, 109), "0",
                Direction.SENDONLY, null, null, null, true, List.of(mono, stereo), List.of(), List.of(), List.of(),
                null, false, List.of());
        assertThat(CodecPolicy.choose(audio)).contains(stereo);
    }

    @Test
    void answerFeedbackIsCutToWhatTheNodeHandles() {
        RtpCodec offered = new RtpCodec(96, "VP8", 90000, 1, null,
                List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli", "ccm tmmbr"));
        assertThat(CodecPolicy.forAnswer(offered, "video").rtcpFeedback())
                .containsExactly("transport-cc", "ccm fir", "nack", "nack pli");
        RtpCodec opus = new RtpCodec(111, "opus", 48000, 2, "minptime=10", List.of("transport-cc", "nack"));
        assertThat(CodecPolicy.forAnswer(opus, "audio").rtcpFeedback()).containsExactly("transport-cc");
        assertThat(CodecPolicy.forAnswer(opus, "audio").fmtp()).isEqualTo("minptime=10");
    }
}
