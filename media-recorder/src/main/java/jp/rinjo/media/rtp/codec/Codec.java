package jp.rinjo.media.rtp.codec;

import java.util.Locale;

/**
 * The codecs the media node forwards, with the payload checks the forwarding path needs. All
 * methods take the RTP payload range and never throw.
 */
public enum Codec {
    H264(90_000, true),
    VP8(90_000, true),
    /** RFC 7587: every packet is independently decodable; 48 kHz RTP clock whatever the input. */
    OPUS(48_000, false);

    private final int clockRate;
    private final boolean video;

    Codec(int clockRate, boolean video) {
        this.clockRate = clockRate;
        this.video = video;
    }

    public int clockRate() {
        return clockRate;
    }

    public boolean isVideo() {
        return video;
    }

    /** A packet a decoder can start from (audio: every packet). */
    public boolean isKeyframe(byte[] payload, int off, int len) {
        return switch (this) {
            case H264 -> jp.rinjo.media.rtp.codec.H264.isKeyframe(payload, off, len);
            case VP8 -> Vp8.isKeyframe(payload, off, len);
            case OPUS -> true;
        };
    }

    /**
     * Whether the payload can begin a frame. Exact for VP8 (S=1, PID=0); for H.264 it means "begins
     * a NAL unit", a frame being one or more of those: combine with a timestamp change as
     * {@link KeyframeGate} does.
     */
    public boolean isStartOfFrame(byte[] payload, int off, int len) {
        return switch (this) {
            case H264 -> jp.rinjo.media.rtp.codec.H264.startsNalUnit(payload, off, len);
            case VP8 -> Vp8.isStartOfFrame(payload, off, len);
            case OPUS -> true;
        };
    }

    /** By SDP encoding name ({@code a=rtpmap:96 H264/90000}), case-insensitive; null if unknown. */
    public static Codec fromEncodingName(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "H264" -> H264;
            case "VP8" -> VP8;
            case "OPUS" -> OPUS;
            default -> null;
        };
    }
}
