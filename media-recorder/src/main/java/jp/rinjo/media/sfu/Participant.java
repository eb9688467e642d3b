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
}
