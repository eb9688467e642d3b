package jp.rinjo.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places outgoing tracks into the subscribe offer's m-sections so that a renegotiation never moves
 * or renames a section (RFC 8829 §5.2.2, RFC 3264 §8: the m-sections of a subsequent offer keep
 * their order; mids never change, RFC 8843).
 * <ol>
 *   <li>A section whose track is still wanted keeps it (its codec and SSRC may be updated).</li>
 *   <li>A section whose track is gone turns inactive and keeps its last codec.</li>
 *   <li>A new track takes the first section of its kind that was already inactive in the previous
 *       offer, else a new section is appended with the next numeric mid.</li>
 * </ol>
 * Only sections inactive in the previous offer are recycled, never one freed in this same offer:
 * the browser then always sees a track end ({@code a=inactive}, the remote stream losing it)
 * before its transceiver carries another participant's track, so a client never shows the new
 * participant in the old one's tile without having been told.
 *
 * <p>Payload types, the codecs' and their RTX ones, are then made unique per codec across the BUNDLE
 * by {@link PayloadTypes}.
 */
final class SubscribePlan {
    private SubscribePlan() {
    }

    static List<OfferedSection> place(List<OutgoingTrack> tracks, List<OfferedSection> previous) {
        Map<String, OutgoingTrack> wanted = new LinkedHashMap<>();
        for (OutgoingTrack t : tracks) {
            if (wanted.putIfAbsent(t.trackKey(), t) != null) {
                throw new IllegalArgumentException("track key " + t.trackKey() + " is given twice");
            }
        }
        Set<String> mids = new HashSet<>();
        for (OfferedSection s : previous) {
            if (!mids.add(s.mid())) {
                throw new IllegalArgumentException("previous sections use mid " + s.mid() + " twice");
            }
        }
        List<OfferedSection> sections = new ArrayList<>(previous.size() + tracks.size());
        List<Integer> recyclable = new ArrayList<>();
        for (OfferedSection s : previous) {
            OutgoingTrack t = s.inactive() ? null : wanted.get(s.trackKey());
            if (s.inactive()) {
                recyclable.add(sections.size());
                sections.add(s);
            } else if (t != null && t.kind().equals(s.kind())) {
                wanted.remove(t.trackKey());
                sections.add(active(s.mid(), t));
            } else {
                sections.add(new OfferedSection(s.mid(), s.kind(), null, s.codec(), 0, s.rtxPayloadType(), 0));
            }
        }
        int nextMid = 0;
        for (OutgoingTrack t : wanted.values()) {
            Integer slot = recyclable.stream().filter(i -> sections.get(i).kind().equals(t.kind())).findFirst().orElse(null);
            if (slot != null) {
                recyclable.remove(slot);
                sections.set(slot, active(sections.get(slot).mid(), t));
            } else {
                while (mids.contains(Integer.toString(nextMid))) {
                    nextMid++;
                }
                String mid = Integer.toString(nextMid);
                mids.add(mid);
                sections.add(active(mid, t));
            }
        }
        return PayloadTypes.assign(sections, previous);
    }

    private static OfferedSection active(String mid, OutgoingTrack t) {
        return new OfferedSection(mid, t.kind(), t.trackKey(), t.codec(), t.ssrc(), -1, t.rtxSsrc());
    }
}
