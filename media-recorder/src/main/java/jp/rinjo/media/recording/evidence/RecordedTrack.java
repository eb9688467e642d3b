package jp.rinjo.media.recording.evidence;

import java.util.Objects;

import jp.rinjo.media.recording.format.CodecInfo;

/**
 * A recorded track as the manifest lists it.
 *
 * @param trackId     {@code trk_…}
 * @param participant the publisher, {@code par_…}
 * @param key         the media node's name for the track
 * @param kind        {@code video} or {@code audio}
 * @param codec       the codec of its first segment (each segment header carries its own)
 * @param node        the media node that recorded it
 */
public record RecordedTrack(String trackId, String participant, String key, String kind, CodecInfo codec, String node) {
    public RecordedTrack {
        Objects.requireNonNull(trackId, "trackId");
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(node, "node");
    }
}
