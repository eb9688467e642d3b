package jp.rinjo.media.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The node's offer on a subscribe PeerConnection.
 *
 * @param sdp      the offer, CRLF line endings, to send to the browser
 * @param sections every m-section in order; keep it and pass it as {@code previous} next time
 */
public record SubscribeOffer(String sdp, List<OfferedSection> sections) {
    public SubscribeOffer {
        Objects.requireNonNull(sdp, "sdp");
        sections = List.copyOf(sections);
    }
}
