package jp.rinjo.signaling.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Messages a browser (or the media node's test peer) sends over the signaling WebSocket, protocol
 * version 1. Every message is a JSON object with {@code "v": 1} and a {@code "type"}; each type is one
 * record here. Unknown fields are ignored so that newer clients keep working with this server.
 *
 * <p>SDP and ICE messages with a {@code to} participant are relayed to that participant; without one
 * they go to the session's media node.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientMessage.Join.class, name = "join"),
        @JsonSubTypes.Type(value = ClientMessage.Leave.class, name = "leave"),
        @JsonSubTypes.Type(value = ClientMessage.Chat.class, name = "chat"),
        @JsonSubTypes.Type(value = ClientMessage.Sdp.class, name = "sdp"),
        @JsonSubTypes.Type(value = ClientMessage.Ice.class, name = "ice"),
        @JsonSubTypes.Type(value = ClientMessage.Annotation.class, name = "annotation"),
        @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = ClientMessage.StillRequest.class, name = "still-request"),
})
public sealed interface ClientMessage {
    /** Correlation id chosen by the client, echoed in replies and errors; may be null. */
    String ref();

    /**
     * Enter a session. Exactly one of {@code invitation} (the token from the invitation link) or a login
     * (the {@code auth} token, or the login cookie sent with the upgrade) identifies the person.
     */
    record Join(String ref, String sessionId, String invitation, String auth) implements ClientMessage {
    }

    record Leave(String ref) implements ClientMessage {
    }

    record Chat(String ref, String text) implements ClientMessage {
    }

    /** {@code kind} is offer or answer; {@code purpose} tells the media node publish or subscribe. */
    record Sdp(String ref, String to, String kind, String sdp, String purpose) implements ClientMessage {
    }

    /** A trickled candidate; an empty/null candidate means end of candidates. */
    record Ice(String ref, String to, String candidate, String sdpMid, Integer sdpMLineIndex) implements ClientMessage {
    }

    /**
     * Inspector's pointer or drawing over the live video, in coordinates normalised to 0..1 of the
     * video frame, so every screen size draws it at the same place. {@code target} is the participant id of
     * the contractor whose video it is drawn on (a clear: whose marks it takes away): with two phones
     * streaming, a mark belongs to one picture. Relayed to all and later kept in the evidence log.
     */
    record Annotation(String ref, String shape, java.util.List<double[]> points, String color, String label, String target)
            implements ClientMessage {
    }

    record Ping(String ref) implements ClientMessage {
    }

    /**
     * The inspector asks a contractor's phone for a remote still (StillRequests): {@code target} is the participant
     * id of the contractor whose video is on his stage, the one phone that is to take it.
     */
    record StillRequest(String ref, String target) implements ClientMessage {
    }
}
