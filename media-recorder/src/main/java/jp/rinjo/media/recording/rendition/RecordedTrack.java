package jp.rinjo.media.recording.rendition;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One recorded track of a participant: its segment files in sequence order. A participant has
 * several tracks of a kind when they rejoined, republished or the media node restarted.
 */
public record RecordedTrack(String trackId, List<Path> segments) {
    public RecordedTrack {
        Objects.requireNonNull(trackId, "trackId");
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("track " + trackId + " has no segments");
        }
    }
}
