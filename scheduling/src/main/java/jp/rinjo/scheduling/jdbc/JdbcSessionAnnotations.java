package jp.rinjo.scheduling.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.annotation.FramePoint;
import jp.rinjo.scheduling.annotation.SessionAnnotation;
import jp.rinjo.scheduling.annotation.SessionAnnotations;
import jp.rinjo.scheduling.invitation.ParticipantRole;

public final class JdbcSessionAnnotations implements SessionAnnotations {
    private final Jdbc jdbc;
    private final int bound;

    public JdbcSessionAnnotations(Database db) {
        this(db, KEPT_PER_SESSION);
    }

    public JdbcSessionAnnotations(Database db, int bound) {
        this.jdbc = db.jdbc();
        this.bound = bound;
    }

    @Override
    public boolean keep(SessionAnnotation a) {
        // the count and the insert race with another annotation of the same session at most by a few
        // rows over the bound: a bound against runaway pages, not an exact quota
        return jdbc.inTransaction(c -> {
            long kept;
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT COUNT(*) FROM session_annotations WHERE session_id = ?", a.sessionId());
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                kept = rs.getLong(1);
            }
            if (kept >= bound) {
                countNotKept(c, a.sessionId());
                return false;
            }
            try (PreparedStatement ps = Jdbc.prepare(c, "INSERT INTO session_annotations (session_id, made_at, participant_id, role, "
                    + "shape, points, color, label, target_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", a.sessionId(), a.at(), a.by(), a.role(),
                    a.shape(), points(a.points()), a.color(), a.label(), a.target())) {
                ps.executeUpdate();
            }
            return true;
        });
    }

    private static void countNotKept(java.sql.Connection c, SessionId session) throws SQLException {
        // update-then-insert works the same on H2 and PostgreSQL
        try (PreparedStatement ps = Jdbc.prepare(c, "UPDATE session_annotations_not_kept SET not_kept = not_kept + 1 WHERE session_id = ?",
                session)) {
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = Jdbc.prepare(c, "INSERT INTO session_annotations_not_kept (session_id, not_kept) VALUES (?, 1)",
                session)) {
            ps.executeUpdate();
        }
    }

    @Override
    public Kept forSession(SessionId session) {
        List<SessionAnnotation> kept = jdbc.query("SELECT session_id, made_at, participant_id, role, shape, points, color, label, target_id "
                + "FROM session_annotations WHERE session_id = ? ORDER BY made_at, seq", JdbcSessionAnnotations::map, session);
        long notKept = jdbc.queryOne("SELECT not_kept FROM session_annotations_not_kept WHERE session_id = ?", rs -> rs.getLong(1), session)
                .orElse(0L);
        return new Kept(kept, notKept);
    }

    private static SessionAnnotation map(ResultSet rs) throws SQLException {
        return new SessionAnnotation(SessionId.of(rs.getString("session_id")), Jdbc.instant(rs, "made_at"),
                ParticipantId.of(rs.getString("participant_id")), ParticipantRole.valueOf(rs.getString("role")), rs.getString("shape"),
                points(rs.getString("points")), rs.getString("color"), rs.getString("label"),
                rs.getString("target_id") == null ? null : ParticipantId.of(rs.getString("target_id")));
    }

    /** "x y,x y,…" (the column's form, V9__session_annotations.sql). */
    static String points(List<FramePoint> points) {
        StringBuilder sb = new StringBuilder(points.size() * 12);
        for (FramePoint p : points) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(p.x()).append(' ').append(p.y());
        }
        return sb.toString();
    }

    static List<FramePoint> points(String column) {
        List<FramePoint> out = new ArrayList<>();
        if (column.isEmpty()) {
            return out;
        }
        for (String pair : column.split(",")) {
            int space = pair.indexOf(' ');
            out.add(new FramePoint(Integer.parseInt(pair.substring(0, space)), Integer.parseInt(pair.substring(space + 1))));
        }
        return out;
    }
}
