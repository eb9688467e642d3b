package jp.rinjo.signaling.room;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What signaling nodes tell each other on a session's bus. Presence changes carry the presence
 * (as participant fields); deliveries carry an already-serialised protocol message, so the
 * receiving node forwards the bytes without re-encoding them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "k")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BusMessage.Joined.class, name = "joined"),
        @JsonSubTypes.Type(value = BusMessage.Left.class, name = "left"),
        @JsonSubTypes.Type(value = BusMessage.Deliver.class, name = "msg"),
        @JsonSubTypes.Type(value = BusMessage.Dismiss.class, name = "dismiss"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
sealed interface BusMessage {
    record Joined(String participantId, String connectionId, String displayName, String role, String joinedAt)
            implements BusMessage {
    }

    record Left(String participantId, String connectionId, String displayName, String role, String joinedAt, String reason)
            implements BusMessage {
    }

    /** To one participant ({@code to}), or to everyone in the session except {@code except} when to is null. */
    record Deliver(String to, String except, String message) implements BusMessage {
    }

    /**
     * Close the connections of one participant ({@code to}), or of everyone when to is null (the
     * session is over), with a bye of {@code reason}, after {@code notice} (a serialised protocol
     * message; may be null).
     */
    record Dismiss(String to, String notice, String reason) implements BusMessage {
    }
}
