package jp.rinjo.scheduling.jdbc;

import java.time.Instant;
import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.seal.SealRequests;

public final class JdbcSealRequests implements SealRequests {
    private static final int MAX_OUTCOME = 500;
    private final Jdbc jdbc;

    public JdbcSealRequests(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public void requested(SessionId session, Instant at) {
        // update-then-insert works the same on H2 and PostgreSQL
        String reopen = "UPDATE session_seal_requests SET requested_at = ?, finished_at = NULL, outcome = NULL WHERE session_id = ?";
        if (jdbc.update(reopen, at, session) == 1) {
            return;
        }
        try {
            jdbc.update("INSERT INTO session_seal_requests (session_id, requested_at) VALUES (?, ?)", session, at);
        } catch (RinjoException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            jdbc.update(reopen, at, session);
        }
    }

    @Override
    public void finished(SessionId session, Instant at, String outcome) {
        String text = outcome.length() > MAX_OUTCOME ? outcome.substring(0, MAX_OUTCOME) : outcome;
        jdbc.update("UPDATE session_seal_requests SET finished_at = ?, outcome = ? WHERE session_id = ?", at, text, session);
    }

    @Override
    public List<SessionId> open(Instant since) {
        return jdbc.query("SELECT session_id FROM session_seal_requests WHERE finished_at IS NULL AND requested_at >= ? "
                + "ORDER BY requested_at, session_id", rs -> SessionId.of(rs.getString(1)), since);
    }
}
