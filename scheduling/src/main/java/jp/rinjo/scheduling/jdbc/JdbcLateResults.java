package jp.rinjo.scheduling.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.lateresult.LateResult;
import jp.rinjo.scheduling.lateresult.LateResults;
import jp.rinjo.scheduling.session.ResultKind;

/** The late results in {@code session_late_results} (V12__session_late_results.sql). */
public final class JdbcLateResults implements LateResults {
    private static final String COLUMNS = "session_id, result_kind, note, recorded_by, recorded_by_name, recorded_at";
    /** Bounds the IN list of one read; a page lists at most 500 sessions. */
    private static final int CHUNK = 500;
    private final Jdbc jdbc;

    public JdbcLateResults(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public void record(LateResult late) {
        try {
            jdbc.update("INSERT INTO session_late_results (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", late.sessionId(), late.kind(),
                    late.note(), late.recordedBy(), late.recordedByName(), late.recordedAt());
        } catch (RinjoException e) {
            // the primary key is the session: a second record is this conflict; a session that is not there, the general one.
            // Told apart by the SQL state, not by reading again: inside an audited act's transaction PostgreSQL reads
            // nothing more after a failed statement.
            if (e.code() == ErrorCode.CONFLICT && e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                throw RinjoException.conflict("session " + late.sessionId() + " has its late result already");
            }
            throw e;
        }
    }

    @Override
    public Optional<LateResult> forSession(SessionId session) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM session_late_results WHERE session_id = ?", JdbcLateResults::map, session);
    }

    @Override
    public Map<SessionId, LateResult> forSessions(Collection<SessionId> sessions) {
        List<SessionId> ids = List.copyOf(sessions);
        Map<SessionId, LateResult> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<SessionId> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT " + COLUMNS + " FROM session_late_results WHERE session_id IN (" + marks + ")", JdbcLateResults::map,
                    chunk.toArray()).forEach(l -> found.put(l.sessionId(), l));
        }
        return Map.copyOf(found);
    }

    private static LateResult map(ResultSet rs) throws SQLException {
        return new LateResult(SessionId.of(rs.getString("session_id")), ResultKind.valueOf(rs.getString("result_kind")),
                rs.getString("note"), UserId.of(rs.getString("recorded_by")), rs.getString("recorded_by_name"),
                Jdbc.instant(rs, "recorded_at"));
    }
}
