package jp.rinjo.media.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The node's answer to a publish offer.
 *
 * @param sdp    the answer, CRLF line endings, to send to the browser
 * @param tracks     one per m-section the browser will send media in, in m-section order
 * @param overLimit  mids of sections the browser offered to send in beyond the tracks a participant
 *                   may publish, answered inactive
 */
public record PublishAnswer(String sdp, List<IncomingTrack> tracks, List<String> overLimit) {
    public PublishAnswer {
        Objects.requireNonNull(sdp, "sdp");
        tracks = List.copyOf(tracks);
        overLimit = List.copyOf(overLimit);
    }
}
