package jp.rinjo.media.sfu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;

/** A session at the node: its participants and every track published in it. */
final class Room {
    private static final Logger log = LoggerFactory.getLogger(Room.class);
    private final SessionId id;
    final Map<ParticipantId, Participant> participants = new LinkedHashMap<>();
    final Map<String, PublishedTrack> tracks = new LinkedHashMap<>();

    Room(SessionId id) {
        this.id = id;
    }

    SessionId id() {
        return id;
    }

    /** What {@code p} receives: everyone else's tracks, in publication order. */
    List<PublishedTrack> tracksFor(Participant p) {
        List<PublishedTrack> out = new ArrayList<>();
        for (PublishedTrack t : tracks.values()) {
            if (!t.owner().equals(p.id())) {
                out.add(t);
            }
        }
        return out;
    }

    /** Tracks came or went: every subscriber is offered the new set. */
    void tracksChanged() {
        for (Participant p : participants.values()) {
            if (p.subscriber != null) {
                // one subscriber's offer failing (too many sections) must not keep the others from theirs
                try {
                    p.subscriber.renegotiate();
                } catch (RuntimeException e) {
                    log.warn("session {}: no new subscribe offer for {}: {}", id, p.id(), e.getMessage());
                }
            }
        }
    }
}
