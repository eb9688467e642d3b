package jp.rinjo.media.sfu;

import java.util.List;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.media.rtp.codec.Codec;
import jp.rinjo.media.sdp.RtpCodec;

/** Published tracks for recorder tests that drive an {@link RtpSink} without a media node. */
public final class TestTracks {
    private TestTracks() {
    }

    public static RtpCodec h264(int pt) {
        return new RtpCodec(pt, "H264", 90000, 1, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                List.of("nack", "nack pli"));
    }

    public static RtpCodec opus() {
        return new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of());
    }

    public static PublishedTrack video(ParticipantId owner) {
        return new PublishedTrack(owner.value() + "/video0/H264", owner, "video", Codec.H264, h264(102));
    }

    public static PublishedTrack audio(ParticipantId owner) {
        return new PublishedTrack(owner.value() + "/audio0/OPUS", owner, "audio", Codec.OPUS, opus());
    }

    /** A republish with other codec parameters (a renumbered payload type), as the SFU would bind it. */
    public static void renegotiate(PublishedTrack track, RtpCodec codec) {
        track.attach(null, "0", List.of(), codec, 0);
    }
}
