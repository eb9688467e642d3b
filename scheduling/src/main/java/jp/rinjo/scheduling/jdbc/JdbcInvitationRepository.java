package jp.rinjo.scheduling.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.invitation.InvitationRepository;
import jp.rinjo.scheduling.invitation.ParticipantRole;

public final class JdbcInvitationRepository implements InvitationRepository {
    private static final String COLUMNS = "id, session_id, role, display_name, email, created_at, revoked_at";
    private final Jdbc jdbc;

    public JdbcInvitationRepository(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public void insert(Invitation i) {
        jdbc.update("INSERT INTO invitations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                i.id(), i.sessionId(), i.role(), i.displayName(), i.email(), i.createdAt(), i.revokedAt());
    }

    @Override
    public Optional<Invitation> find(InvitationId id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM invitations WHERE id = ?", JdbcInvitationRepository::map, id);
    }

    @Override
    public List<Invitation> forSession(SessionId sessionId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM invitations WHERE session_id = ? ORDER BY created_at, id",
                JdbcInvitationRepository::map, sessionId);
    }

    @Override
    public boolean revoke(InvitationId id, Instant at) {
        return jdbc.update("UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id) == 1;
    }

    private static Invitation map(ResultSet rs) throws SQLException {
        return new Invitation(InvitationId.of(rs.getString("id")), SessionId.of(rs.getString("session_id")),
                ParticipantRole.valueOf(rs.getString("role")), rs.getString("display_name"), rs.getString("email"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "revoked_at"));
    }
}
