package jp.rinjo.archive.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.audit.AuditChain;
import jp.rinjo.archive.audit.AuditEvent;
import jp.rinjo.archive.audit.AuditLog;
import jp.rinjo.archive.audit.AuditOutcome;
import jp.rinjo.archive.audit.AuditRecord;
import jp.rinjo.archive.audit.ChainCheck;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.scheduling.jdbc.Database;
import jp.rinjo.scheduling.jdbc.Jdbc;

/**
 * The audit log in {@code archive_audit_log}. Appending reads the chain's last row and inserts the
 * next seq in one transaction; two appenders (threads or nodes) racing for the same seq collide on
 * the primary key, and the loser reads the new end and tries again. So the chain never forks and
 * has no holes, on either database, without table locks. An act appended with its row
 * ({@link #appendWith}) is written first and its row last, just before the commit, so that others wait
 * on the row's seq no longer than a commit; losing the race, act and row are tried again together
 * (so neither is called inside another {@code Jdbc.transaction}: PostgreSQL could not try again there).
 */
public final class JdbcAuditLog implements AuditLog {
    private static final int ATTEMPTS = 50;
    /** Unique violation; serialization failure; H2's concurrent update and lock timeout: all mean "someone else appended". */
    private static final java.util.Set<String> RACE_STATES = java.util.Set.of("23505", "40001", "90131", "HYT00");
    private static final String COLUMNS = "seq, at, actor_id, actor_name, actor_role, action, session_id, contract_no, outcome, detail, "
            + "prev_hash, hash";
    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcAuditLog(Database db, Clock clock) {
        this.jdbc = db.jdbc();
        this.clock = clock;
    }

    /** Another appender took the seq this one meant to write. */
    private static final class SeqTaken extends RuntimeException {
        SeqTaken(long seq) {
            super("another appender took seq " + seq, null, false, false);
        }
    }

    @Override
    public AuditRecord append(AuditEvent e) {
        return appended(e, () -> null).row();
    }

    @Override
    public <T> T appendWith(AuditEvent e, Supplier<T> work) {
        return appended(e, work).result();
    }

    private record Appended<T>(T result, AuditRecord row) {
    }

    private <T> Appended<T> appended(AuditEvent e, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.transaction(() -> {
                    T result = work.get();
                    return new Appended<>(result, jdbc.withConnection(c -> appendOnce(c, e)));
                });
            } catch (SeqTaken ex) {
                if (attempt >= ATTEMPTS) {
                    throw RinjoException.conflict(ex.getMessage() + ", " + ATTEMPTS + " times over; the audit row was not written");
                }
            }
        }
    }

    private AuditRecord appendOnce(Connection c, AuditEvent e) throws SQLException {
        long seq = 1;
        String prev = AuditChain.GENESIS;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM archive_audit_log ORDER BY seq DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
        }
        Instant at = AuditChain.truncate(clock.instant());
        String hash = AuditChain.hash(prev, AuditChain.canonical(seq, at, e));
        try (PreparedStatement ps = Jdbc.prepare(c, "INSERT INTO archive_audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq, at, e.actorId(), e.actorName(), e.actorRole(), e.action(), e.sessionId(), e.contractNo(), e.outcome(), e.detail(),
                prev, hash)) {
            ps.executeUpdate();
        } catch (SQLException ex) {
            if (RACE_STATES.contains(ex.getSQLState())) {
                throw new SeqTaken(seq);
            }
            throw ex;
        }
        return new AuditRecord(seq, at, e, prev, hash);
    }

    @Override
    public List<AuditRecord> list(String sessionId, Long beforeSeq, Long afterSeq, int limit) {
        if (beforeSeq != null && afterSeq != null) {
            throw new IllegalArgumentException("before and after together");
        }
        boolean after = afterSeq != null;
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM archive_audit_log WHERE " + (after ? "seq > ?" : "seq < ?"));
        List<Object> params = new java.util.ArrayList<>(List.of(after ? afterSeq : beforeSeq == null ? Long.MAX_VALUE : beforeSeq));
        if (sessionId != null) {
            sql.append(" AND session_id = ?");
            params.add(sessionId);
        }
        // after: the nearest rows above it are the oldest of those, so take them ascending and turn them round
        sql.append(after ? " ORDER BY seq ASC LIMIT ?" : " ORDER BY seq DESC LIMIT ?");
        params.add(limit);
        List<AuditRecord> rows = jdbc.query(sql.toString(), JdbcAuditLog::map, params.toArray());
        if (after) {
            rows = new java.util.ArrayList<>(rows);
            java.util.Collections.reverse(rows);
        }
        return rows;
    }

    @Override
    public ChainCheck verify() {
        return jdbc.withConnection(c -> {
            long rows = 0;
            long expectedSeq = 1;
            String prev = AuditChain.GENESIS;
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM archive_audit_log ORDER BY seq")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AuditRecord r = map(rs);
                        rows++;
                        String code = r.seq() != expectedSeq ? ChainCheck.MISSING
                                : !r.prevHash().equals(prev) ? ChainCheck.UNLINKED
                                : !AuditChain.hashOf(r).equals(r.hash()) ? ChainCheck.ALTERED
                                : null;
                        if (code != null) {
                            String problem = switch (code) {
                                case ChainCheck.MISSING -> "row " + expectedSeq + " is missing (next is " + r.seq() + ")";
                                case ChainCheck.UNLINKED -> "row " + r.seq() + " does not link to the row before it";
                                default -> "row " + r.seq() + " was altered (its hash does not match its content)";
                            };
                            return new ChainCheck(false, rows, r.seq(), r.hash(), Math.min(r.seq(), expectedSeq), problem, code);
                        }
                        prev = r.hash();
                        expectedSeq++;
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(autoCommit);
            }
            return new ChainCheck(true, rows, expectedSeq - 1, prev, null, null, null);
        });
    }

    private static AuditRecord map(ResultSet rs) throws SQLException {
        AuditEvent e = new AuditEvent(rs.getString("actor_id"), rs.getString("actor_name"), rs.getString("actor_role"),
                AuditAction.valueOf(rs.getString("action")), rs.getString("session_id"), rs.getString("contract_no"),
                AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("detail"));
        return new AuditRecord(rs.getLong("seq"), Jdbc.instant(rs, "at"), e, rs.getString("prev_hash"), rs.getString("hash"));
    }
}
