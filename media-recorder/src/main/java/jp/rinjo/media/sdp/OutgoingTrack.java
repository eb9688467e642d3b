package jp.rinjo.media.sdp;

import java.util.Objects;

/**
 * A track the node sends to a subscriber: another participant's published track.
 *
 * @param trackKey the caller's stable key for the track (e.g. publisher id + mid); matches sections
 *                 across renegotiations
 * @param kind     {@code audio} or {@code video}
 * @param codec    the codec as negotiated with the publisher ({@link IncomingTrack#codec()}): the
 *                 subscriber gets the same rtpmap and fmtp, and the same payload type unless that
 *                 number collides in the BUNDLE (see {@link OfferedSection#codec()})
 * @param ssrc     the SSRC the node sends the track with, 1–4294967295
 * @param cname    RTCP CNAME (RFC 3550 §6.5.1); tracks to be lip-synced share one
 * @param streamId msid stream id (RFC 8830 §2): the browser groups tracks into a MediaStream by it
 * @param trackId  msid track id
 * @param rtxSsrc  the SSRC the node resends the track's lost packets on as RTX (RFC 4588), 0 for none;
 *                 only video is resent
 */
public record OutgoingTrack(String trackKey, String kind, RtpCodec codec, long ssrc, String cname, String streamId,
                            String trackId, long rtxSsrc) {
    public OutgoingTrack {
        Objects.requireNonNull(trackKey, "trackKey");
        Objects.requireNonNull(codec, "codec");
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new IllegalArgumentException("kind must be audio or video, got " + kind);
        }
        if (ssrc < 1 || ssrc > SsrcGroup.MAX_SSRC) {
            throw new IllegalArgumentException("SSRC must be 1-" + SsrcGroup.MAX_SSRC + ", got " + ssrc);
        }
        requireSdpWord("cname", cname, 255);
        // RFC 8830 §2: msid-id and msid-appdata are 1*64 token-char.
        requireSdpWord("streamId", streamId, 64);
        requireSdpWord("trackId", trackId, 64);
        if (rtxSsrc != 0 && (!"video".equals(kind) || rtxSsrc == ssrc || rtxSsrc < 1 || rtxSsrc > SsrcGroup.MAX_SSRC)) {
            throw new IllegalArgumentException("an RTX SSRC is for video only, 1-" + SsrcGroup.MAX_SSRC
                    + " and not the media SSRC; got " + rtxSsrc + " for " + kind + " SSRC " + ssrc);
        }
    }

    /** A track whose lost packets are not resent on a stream of their own. */
    public OutgoingTrack(String trackKey, String kind, RtpCodec codec, long ssrc, String cname, String streamId,
                         String trackId) {
        this(trackKey, kind, codec, ssrc, cname, streamId, trackId, 0);
    }

    /** Written into {@code a=ssrc} and {@code a=msid}: no whitespace or control characters. */
    private static void requireSdpWord(String what, String value, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > maxLength) {
            throw new IllegalArgumentException(what + " must be 1-" + maxLength + " characters, got " + value.length());
        }
        if (value.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException(what + " must not contain whitespace or control characters: '" + value + "'");
        }
    }
}
