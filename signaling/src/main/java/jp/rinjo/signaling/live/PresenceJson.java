package jp.rinjo.signaling.live;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

/** Presence as stored in Redis; the field names are read by the Lua scripts too (connectionId). */
final class PresenceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PresenceJson() {
    }

    static String write(Presence p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("sessionId", p.sessionId().value());
        n.put("participantId", p.participantId().value());
        n.put("connectionId", p.connectionId());
        n.put("nodeId", p.nodeId().value());
        n.put("role", p.role().name());
        n.put("displayName", p.displayName());
        n.put("joinedAt", p.joinedAt().toString());
        return n.toString();
    }

    static Presence read(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new Presence(SessionId.of(n.get("sessionId").asText()), ParticipantId.of(n.get("participantId").asText()),
                    n.get("connectionId").asText(), NodeId.of(n.get("nodeId").asText()),
                    ParticipantRole.valueOf(n.get("role").asText()), n.get("displayName").asText(),
                    Instant.parse(n.get("joinedAt").asText()));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("unreadable presence in live state", e);
        }
    }
}
