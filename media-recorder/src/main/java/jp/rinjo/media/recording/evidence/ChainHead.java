package jp.rinjo.media.recording.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jp.rinjo.media.recording.format.Sha256;

/**
 * Each track has its own chain (its segments are written one after another by one writer); the
 * session's head binds all track heads: SHA-256 of {@code "rinjo-session-chain-v1\n"} followed by
 * {@code trackId=headHex\n} for every track in track id order.
 */
public final class ChainHead {
    private ChainHead() {
    }

    /** Each track's head (its last segment's link, zero if it has none), then the session head over them. */
    public static Sha256 session(List<RecordedTrack> tracks, List<RecordedSegment> segments) {
        Map<String, Sha256> heads = new TreeMap<>();
        tracks.forEach(t -> heads.put(t.trackId(), Sha256.ZERO));
        segments.stream().sorted(Comparator.comparingLong(RecordedSegment::sequence)).forEach(s -> heads.put(s.trackId(), s.link()));
        return session(heads);
    }

    public static Sha256 session(Map<String, Sha256> trackHeads) {
        StringBuilder sb = new StringBuilder("rinjo-session-chain-v1\n");
        new TreeMap<>(trackHeads).forEach((track, head) -> sb.append(track).append('=').append(head.hex()).append('\n'));
        return Sha256.digest(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
