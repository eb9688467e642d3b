package jp.rinjo.scheduling.attendance;

import java.time.Instant;
import java.util.List;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.ParticipantRole;

public interface AttendanceRepository {
    /** Records a join: the first one creates the row, later ones move {@code lastJoinedAt}. */
    void joined(SessionId session, ParticipantId participant, String displayName, ParticipantRole role, Instant at);

    /** In order of first join. */
    List<Attendance> forSession(SessionId session);
}
