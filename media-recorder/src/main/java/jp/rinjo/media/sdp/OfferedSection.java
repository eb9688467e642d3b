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
 */
public record OfferedSection(String mid, String kind, String trackKey, RtpCodec codec, long ssrc) {
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
    }

    /** True when the section carries no track ({@code a=inactive}). */
    public boolean inactive() {
        return trackKey == null;
    }
}
