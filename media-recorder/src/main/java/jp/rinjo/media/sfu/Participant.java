package jp.rinjo.media.sfu;

import java.util.concurrent.ScheduledFuture;

import jp.rinjo.common.id.ParticipantId;

/** A participant of a room at the node: its two transports and whether it has left. */
final class Participant {
    private final ParticipantId id;
    private final Room room;
    PublisherEndpoint publisher;
    SubscriberEndpoint subscriber;
    ScheduledFuture<?> removal;

    Participant(ParticipantId id, Room room) {
        this.id = id;
        this.room = room;
    }

    ParticipantId id() {
        return id;
    }

    Room room() {
        return room;
    }

    /**
     * The browser is gone: every transport it was asked to connect has been silent for
     * {@code silenceNanos}. A participant that was never asked to connect (a viewer waiting for the
     * first track) has nothing to judge by, and stays.
     */
    boolean silentFor(long nowNanos, long silenceNanos) {
        boolean asked = false;
        for (Endpoint e : new Endpoint[] {publisher, subscriber}) {
            if (e != null && e.askedToConnect()) {
                asked = true;
                if (!e.silentFor(nowNanos, silenceNanos)) {
                    return false;
                }
            }
        }
        return asked;
    }
}
