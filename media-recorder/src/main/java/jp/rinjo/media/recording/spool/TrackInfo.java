package jp.rinjo.media.recording.spool;

import java.util.Objects;

import jp.rinjo.common.id.SessionId;

/**
 * Who a recorded track belongs to; fixed for the track's life.
 *
 * @param trackId     {@code trk_…}, minted per recorded track instance (a node restart records a new one)
 * @param participant {@code par_…}
 * @param key         the media node's name for the track, e.g. {@code par_…/video0/H264}
 * @param kind        {@code video} or {@code audio}
 */
public record TrackInfo(SessionId session, String trackId, String participant, String key, String kind) {
    public TrackInfo {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(trackId, "trackId");
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
    }
}
