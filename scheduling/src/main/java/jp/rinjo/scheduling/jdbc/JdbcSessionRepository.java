package jp.rinjo.scheduling.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.UserId;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.scheduling.session.InspectionResult;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.ResultKind;
import jp.rinjo.scheduling.session.SessionRepository;
import jp.rinjo.scheduling.session.SessionStatus;
import jp.rinjo.scheduling.session.TimeWindow;

public final class JdbcSessionRepository implements SessionRepository {
    private static final String COLUMNS = "s.id, s.contract_no, s.inspection_type, s.window_start, s.window_end, s.place, "
            + "s.inspector_id, s.status, s.result_kind, s.result_note, s.created_at, s.started_at, s.ended_at, s.version";
    private final Jdbc jdbc;

    public JdbcSessionRepository(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public void insert(InspectionSession s) {
        jdbc.update("INSERT INTO inspection_sessions (id, contract_no, inspection_type, window_start, window_end, place, "
                        + "inspector_id, status, result_kind, result_note, created_at, started_at, ended_at, version) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(), s.contractNo(), s.type(), s.window().start(), s.window().end(), s.place(), s.inspectorId(),
                s.status(), s.result() == null ? null : s.result().kind(), s.result() == null ? null : s.result().note(),
                s.createdAt(), s.startedAt(), s.endedAt(), s.version());
    }

    @Override
    public InspectionSession update(InspectionSession s) {
        int n = jdbc.update("UPDATE inspection_sessions SET window_start = ?, window_end = ?, place = ?, status = ?, "
                        + "result_kind = ?, result_note = ?, started_at = ?, ended_at = ?, version = version + 1 "
                        + "WHERE id = ? AND version = ?",
                s.window().start(), s.window().end(), s.place(), s.status(),
                s.result() == null ? null : s.result().kind(), s.result() == null ? null : s.result().note(),
                s.startedAt(), s.endedAt(), s.id(), s.version());
        if (n != 1) {
            throw RinjoException.conflict("session " + s.id() + " was changed by someone else; reload and retry");
        }
        return new InspectionSession(s.id(), s.contractNo(), s.type(), s.window(), s.place(), s.inspectorId(), s.status(),
                s.result(), s.createdAt(), s.startedAt(), s.endedAt(), s.version() + 1);
    }

    @Override
    public Optional<InspectionSession> find(SessionId id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM inspection_sessions s WHERE s.id = ?", JdbcSessionRepository::map, id);
    }

    @Override
    public List<InspectionSession> inWindow(Instant from, Instant to, String department, int limit) {
        if (department == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM inspection_sessions s WHERE s.window_end > ? AND s.window_start < ? "
                    + "ORDER BY s.window_start, s.id LIMIT ?", JdbcSessionRepository::map, from, to, limit);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM inspection_sessions s JOIN contracts c ON c.contract_no = s.contract_no "
                        + "WHERE s.window_end > ? AND s.window_start < ? AND c.department = ? ORDER BY s.window_start, s.id LIMIT ?",
                JdbcSessionRepository::map, from, to, department, limit);
    }

    @Override
    public List<InspectionSession> forContract(ContractNo contractNo) {
        return jdbc.query("SELECT " + COLUMNS + " FROM inspection_sessions s WHERE s.contract_no = ? ORDER BY s.window_start DESC",
                JdbcSessionRepository::map, contractNo);
    }

    @Override
    public List<InspectionSession> abandonedWithWindowEndedBefore(Instant windowEndBefore, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM inspection_sessions s WHERE s.window_end < ? AND (s.status = ? OR (s.status = ? "
                        + "AND EXISTS (SELECT 1 FROM session_attendance a WHERE a.session_id = s.id))) ORDER BY s.window_end, s.id LIMIT ?",
                JdbcSessionRepository::map, windowEndBefore, SessionStatus.LIVE.name(), SessionStatus.SCHEDULED.name(), limit);
    }

    @Override
    public List<InspectionSession> closedWithoutSealRequest(Instant from, Instant to, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM inspection_sessions s WHERE s.status IN (?, ?) AND s.ended_at >= ? AND s.ended_at < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM session_seal_requests r WHERE r.session_id = s.id) "
                        + "AND (s.started_at IS NOT NULL OR EXISTS (SELECT 1 FROM session_attendance a WHERE a.session_id = s.id)) "
                        + "ORDER BY s.ended_at, s.id LIMIT ?", JdbcSessionRepository::map, SessionStatus.ENDED.name(),
                SessionStatus.CANCELLED.name(), from, to, limit);
    }

    private static InspectionSession map(ResultSet rs) throws SQLException {
        String kind = rs.getString("result_kind");
        InspectionResult result = kind == null ? null : new InspectionResult(ResultKind.valueOf(kind), rs.getString("result_note"));
        return new InspectionSession(SessionId.of(rs.getString("id")), ContractNo.of(rs.getString("contract_no")),
                InspectionType.valueOf(rs.getString("inspection_type")),
                new TimeWindow(Jdbc.instant(rs, "window_start"), Jdbc.instant(rs, "window_end")), rs.getString("place"),
                UserId.of(rs.getString("inspector_id")), SessionStatus.valueOf(rs.getString("status")), result,
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "ended_at"),
                rs.getInt("version"));
    }
}
