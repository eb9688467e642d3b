package jp.rinjo.scheduling.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.still.SessionStill;
import jp.rinjo.scheduling.still.SessionStills;

/** The stills' descriptions in {@code session_stills} (V10__session_stills.sql). */
public final class JdbcSessionStills implements SessionStills {
    private final Jdbc jdbc;

    public JdbcSessionStills(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public void keep(SessionStill s) {
        jdbc.update("INSERT INTO session_stills (still_id, session_id, sha256, bytes, taken_at, phone_captured_at, participant_id, "
                + "participant_name, role, width, height, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.sessionId(),
                s.sha256(), s.bytes(), s.takenAt(), s.phoneCapturedAt(), s.by(), s.byName(), s.role(), s.width(), s.height(), s.request());
    }

    @Override
    public List<SessionStill> forSession(SessionId session) {
        return jdbc.query("SELECT still_id, session_id, sha256, bytes, taken_at, phone_captured_at, participant_id, participant_name, "
                + "role, width, height, request_id FROM session_stills WHERE session_id = ? ORDER BY taken_at, seq",
                JdbcSessionStills::map, session);
    }

    @Override
    public int count(SessionId session) {
        return jdbc.queryOne("SELECT COUNT(*) FROM session_stills WHERE session_id = ?", rs -> rs.getInt(1), session).orElse(0);
    }

    private static SessionStill map(ResultSet rs) throws SQLException {
        return new SessionStill(StillId.of(rs.getString("still_id")), SessionId.of(rs.getString("session_id")), rs.getString("sha256"),
                rs.getLong("bytes"), Jdbc.instant(rs, "taken_at"), rs.getString("phone_captured_at"),
                ParticipantId.of(rs.getString("participant_id")), rs.getString("participant_name"),
                ParticipantRole.valueOf(rs.getString("role")), rs.getObject("width", Integer.class), rs.getObject("height", Integer.class),
                rs.getString("request_id"));
    }
}
