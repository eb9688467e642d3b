package jp.rinjo.signaling.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Messages the server sends, protocol version 1; see {@link ClientMessage}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerMessage.Welcome.class, name = "welcome"),
        @JsonSubTypes.Type(value = ServerMessage.PresenceChange.class, name = "presence"),
        @JsonSubTypes.Type(value = ServerMessage.Chat.class, name = "chat"),
        @JsonSubTypes.Type(value = ServerMessage.Sdp.class, name = "sdp"),
        @JsonSubTypes.Type(value = ServerMessage.Ice.class, name = "ice"),
        @JsonSubTypes.Type(value = ServerMessage.Annotation.class, name = "annotation"),
        @JsonSubTypes.Type(value = ServerMessage.SessionState.class, name = "session"),
        @JsonSubTypes.Type(value = ServerMessage.Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = ServerMessage.Error.class, name = "error"),
        @JsonSubTypes.Type(value = ServerMessage.Bye.class, name = "bye"),
        @JsonSubTypes.Type(value = ServerMessage.Recording.class, name = "recording"),
        @JsonSubTypes.Type(value = ServerMessage.StillRequest.class, name = "still-request"),
        @JsonSubTypes.Type(value = ServerMessage.Still.class, name = "still"),
        @JsonSubTypes.Type(value = ServerMessage.StillsFull.class, name = "stills-full"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerMessage {
    int VERSION = 1;

    @com.fasterxml.jackson.annotation.JsonProperty("v")
    default int v() {
        return VERSION;
    }

    record Participant(String participantId, String displayName, String role, String roleLabel, String joinedAt) {
    }

    record IceServer(List<String> urls, String username, String credential) {
    }

    record SessionInfo(String sessionId, String contractNo, String contractName, String inspectionType,
                       String inspectionTypeLabel, String windowStart, String windowEnd, String windowDisplay,
                       String place, String inspectorName, String status) {
    }

    /** Reply to join: who you are, who is here, and how to reach the media node. */
    record Welcome(String ref, String participantId, String role, SessionInfo session, List<Participant> participants,
                   List<IceServer> iceServers, boolean mediaNode) implements ServerMessage {
    }

    /** {@code event}: joined or left. */
    record PresenceChange(String event, Participant participant, String reason) implements ServerMessage {
    }

    record Chat(String from, String displayName, String text, String at, String atDisplay) implements ServerMessage {
    }

    record Sdp(String from, String kind, String sdp, String purpose) implements ServerMessage {
    }

    record Ice(String from, String candidate, String sdpMid, Integer sdpMLineIndex) implements ServerMessage {
    }

    /** A mark relayed as sent, with {@code target} the contractor whose video it belongs to (ClientMessage.Annotation). */
    record Annotation(String from, String shape, List<double[]> points, String color, String label, String at, String target)
            implements ServerMessage {
    }

    /** The session's status changed (e.g. ended with a result); clients show it and leave. */
    record SessionState(String status, String result, String resultLabel, String note) implements ServerMessage {
    }

    record Pong(String ref, String at) implements ServerMessage {
    }

    /** {@code code} is stable (see ErrorCode wire names); the connection stays open unless a bye follows. */
    record Error(String ref, String code, String message) implements ServerMessage {
    }

    /**
     * Evidence recording state of the session: {@code recording} only once the first segment is
     * durably stored; {@code failed} when the recorder cannot store (said loudly by the pages);
     * {@code stopped} at the end.
     */
    record Recording(String state, String detail, String at) implements ServerMessage {
    }

    /**
     * An inspector asked for a remote still ({@code id} names the request; the phone's upload carries it): sent to
     * the {@code target} contractor's phone, which takes one, and to the asker (with his {@code ref}).
     */
    record StillRequest(String ref, String id, String from, String fromName, String at, String target) implements ServerMessage {
    }

    /**
     * A remote still is stored in the session's evidence; {@code GET /api/sessions/{session}/stills/{id}} serves it.
     * {@code request} is the request it answers, if any.
     */
    record Still(String id, String by, String byName, String takenAt, String takenAtDisplay, String sha256, long bytes,
                 Integer width, Integer height, String request) implements ServerMessage {
    }

    /**
     * The session holds {@code max} stills (stills.max-per-session), as many as it may: told to the room when the
     * last one is stored or an upload is refused for it, and to an inspector joining a session at its cap, so his
     * page says so before the inspector asks for a still that would be refused.
     */
    record StillsFull(int max) implements ServerMessage {
    }

    /** The server is closing this connection, and why (replaced by a newer connection, session ended...). */
    record Bye(String reason) implements ServerMessage {
    }
}
