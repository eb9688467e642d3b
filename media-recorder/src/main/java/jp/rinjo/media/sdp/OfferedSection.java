package jp.rinjo.media.sdp;

import java.util.Objects;

/**
 * One m-section of a subscribe offer, kept by the caller and passed back to the next
 * {@link SubscribeNegotiator#offer} so that mids and positions never change (RFC 8829 §5.2.2: a
 * subsequent offer keeps every m-section of the previous one, in order).
 *
 * @param mid      the section's mid
 * @param kind     {@code audio} or {@code video}; a section never changes kind
 * @param trackKey the track it carries, or null when inactive
 * @param codec    the codec it carries (or carried last, when inactive) with the payload type this
 *                 subscriber receives it with: the publisher's, unless another codec holds that
 *                 number in this BUNDLE, in which case the forwarding path must rewrite the payload
 *                 type of the track's packets to this one
 * @param ssrc     the SSRC it carries, 0 when inactive
 * @param rtxPayloadType the payload type of its retransmissions (RFC 4588 {@code rtx}, {@code apt} =
 *                 the codec's), -1 for none; unique per codec in the BUNDLE like the codec's own. An
 *                 inactive section keeps the one it had, as it keeps its codec, so that the number
 *                 keeps its meaning for the rest of the session
 * @param rtxSsrc  the SSRC its retransmissions come on ({@code a=ssrc-group:FID}), 0 for none
 */
public record OfferedSection(String mid, String kind, String trackKey, RtpCodec codec, long ssrc,
                             int rtxPayloadType, long rtxSsrc) {
    public OfferedSection {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(codec, "codec");
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new IllegalArgumentException("kind must be audio or video, got " + kind);
        }
        if (trackKey == null ? ssrc != 0 : ssrc < 1 || ssrc > SsrcGroup.MAX_SSRC) {
            throw new IllegalArgumentException("an inactive section has SSRC 0 and an active one 1-"
                    + SsrcGroup.MAX_SSRC + "; got " + ssrc + " for track " + trackKey);
        }
        if (rtxSsrc < 0 || rtxSsrc > SsrcGroup.MAX_SSRC || (rtxSsrc != 0 && (trackKey == null || rtxSsrc == ssrc))) {
            throw new IllegalArgumentException("the RTX SSRC must be 0, or 1-" + SsrcGroup.MAX_SSRC
                    + " and not the media SSRC on an active section; got " + rtxSsrc + " for track " + trackKey);
        }
        if (rtxPayloadType < -1 || rtxPayloadType > 127 || (rtxPayloadType >= 0 && trackKey != null && rtxSsrc == 0)) {
            throw new IllegalArgumentException("an RTX payload type (0-127, or -1 for none) needs an RTX SSRC on an"
                    + " active section; got " + rtxPayloadType + " for track " + trackKey);
        }
    }

    /** A section without retransmissions on a stream of their own. */
    public OfferedSection(String mid, String kind, String trackKey, RtpCodec codec, long ssrc) {
        this(mid, kind, trackKey, codec, ssrc, -1, 0);
    }

    /** True when the section has an RTX payload type (carried, or kept from its last track when inactive). */
    public boolean hasRtx() {
        return rtxPayloadType >= 0;
    }

    /** True when the section carries no track ({@code a=inactive}). */
    public boolean inactive() {
        return trackKey == null;
    }
}
