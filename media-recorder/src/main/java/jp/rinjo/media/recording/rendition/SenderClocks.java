package jp.rinjo.media.recording.rendition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which anchor each of a participant's tracks is timed by. A sender report ties a track to its
 * sender's clock, and one offset (the smallest receive − send, {@link TrackScan#participantOffset})
 * anchors that clock to the node's; the audio and video a device sends together share the offset,
 * which keeps lips in sync. Tracks that overlap in time were sent together. A track that starts
 * after every earlier one ended — a rejoin, perhaps from another phone with another clock — starts
 * a group of its own, anchored by its own offset.
 */
final class SenderClocks {
    private SenderClocks() {
    }

    /** track id → the offset of its group, or null where the group is anchored by receive times. */
    static Map<String, Long> offsets(List<ScannedTrack> tracks) {
        List<ScannedTrack> byStart = tracks.stream().filter(ScannedTrack::hasPackets)
                .sorted(Comparator.comparingLong(t -> t.scan().firstWallMicros)).toList();
        Map<String, Long> out = new HashMap<>();
        List<ScannedTrack> group = new ArrayList<>();
        long groupEnd = Long.MIN_VALUE;
        for (ScannedTrack t : byStart) {
            if (!group.isEmpty() && t.scan().firstWallMicros > groupEnd) {
                anchor(group, out);
                group.clear();
            }
            group.add(t);
            groupEnd = Math.max(groupEnd, t.scan().lastWallMicros);
        }
        anchor(group, out);
        return out;
    }

    private static void anchor(List<ScannedTrack> group, Map<String, Long> out) {
        Long offset = null;
        boolean allReported = true;
        for (ScannedTrack t : group) {
            Long o = t.scan().participantOffset();
            if (o == null) {
                allReported = false;
            } else {
                offset = offset == null ? o : Math.min(offset, o);
            }
        }
        for (ScannedTrack t : group) {
            // one track without reports: the whole group is anchored by receive time instead, consistently
            out.put(t.id(), allReported ? offset : null);
        }
    }
}
