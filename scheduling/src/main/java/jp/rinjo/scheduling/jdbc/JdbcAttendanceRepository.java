package jp.rinjo.scheduling.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.attendance.Attendance;
import jp.rinjo.scheduling.attendance.AttendanceRepository;
import jp.rinjo.scheduling.invitation.ParticipantRole;

public final class JdbcAttendanceRepository implements AttendanceRepository {
    private final Jdbc jdbc;

    public JdbcAttendanceRepository(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public void joined(SessionId session, ParticipantId participant, String displayName, ParticipantRole role, Instant at) {
        // update-then-insert works the same on H2 and PostgreSQL; a racing first join retries the update
        String update = "UPDATE session_attendance SET last_joined_at = ?, display_name = ? WHERE session_id = ? AND participant_id = ?";
        if (jdbc.update(update, at, displayName, session, participant) == 1) {
            return;
        }
        try {
            jdbc.update("INSERT INTO session_attendance (session_id, participant_id, display_name, role, first_joined_at, "
                    + "last_joined_at) VALUES (?, ?, ?, ?, ?, ?)", session, participant, displayName, role, at, at);
        } catch (RinjoException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            jdbc.update(update, at, displayName, session, participant);
        }
    }

    @Override
    public List<Attendance> forSession(SessionId session) {
        return jdbc.query("SELECT session_id, participant_id, display_name, role, first_joined_at, last_joined_at "
                + "FROM session_attendance WHERE session_id = ? ORDER BY first_joined_at, participant_id",
                JdbcAttendanceRepository::map, session);
    }

    private static Attendance map(ResultSet rs) throws SQLException {
        return new Attendance(SessionId.of(rs.getString("session_id")), ParticipantId.of(rs.getString("participant_id")),
                rs.getString("display_name"), ParticipantRole.valueOf(rs.getString("role")),
                Jdbc.instant(rs, "first_joined_at"), Jdbc.instant(rs, "last_joined_at"));
    }
}
