package jp.rinjo.signaling.live;

import java.time.Instant;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.id.NodeId;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

/**
 * One participant present in a live session, on one connection of one signaling node. The
 * participant id is stable for a person across reconnects; the connection id tells an old socket
 * from its replacement.
 */
public record Presence(SessionId sessionId, ParticipantId participantId, String connectionId, NodeId nodeId,
                       ParticipantRole role, String displayName, Instant joinedAt) {
    public Presence {
        Require.present(sessionId, "sessionId");
        Require.present(participantId, "participantId");
        Require.text(connectionId, "connectionId", 64);
        Require.present(nodeId, "nodeId");
        Require.present(role, "role");
        displayName = Require.text(displayName, "displayName", 100);
        Require.present(joinedAt, "joinedAt");
    }
}
