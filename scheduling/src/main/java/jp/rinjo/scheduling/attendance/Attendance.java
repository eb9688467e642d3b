package jp.rinjo.scheduling.attendance;

import java.time.Instant;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

/** One person's attendance of a session (every join updates {@code lastJoinedAt}). */
public record Attendance(SessionId sessionId, ParticipantId participantId, String displayName, ParticipantRole role,
                         Instant firstJoinedAt, Instant lastJoinedAt) {
    public Attendance {
        Require.present(sessionId, "sessionId");
        Require.present(participantId, "participantId");
        displayName = Require.text(displayName, "displayName", 100);
        Require.present(role, "role");
        Require.present(firstJoinedAt, "firstJoinedAt");
        Require.present(lastJoinedAt, "lastJoinedAt");
    }
}
