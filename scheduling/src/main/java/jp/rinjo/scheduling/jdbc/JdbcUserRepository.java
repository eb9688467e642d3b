package jp.rinjo.scheduling.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRepository;
import jp.rinjo.scheduling.user.UserRole;

public final class JdbcUserRepository implements UserRepository {
    private static final String COLUMNS =
            "id, login_name, display_name, department, role, password_hash, active, tokens_valid_after, created_at";
    private final Jdbc jdbc;

    public JdbcUserRepository(Database db) {
        this.jdbc = db.jdbc();
    }

    @Override
    public void insert(User u) {
        try {
            jdbc.update("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", u.id(), u.loginName(),
                    u.displayName(), u.department(), u.role(), u.passwordHash(), u.active(), u.tokensValidAfter(),
                    u.createdAt());
        } catch (RinjoException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                throw RinjoException.conflict("login name " + u.loginName() + " is taken");
            }
            throw e;
        }
    }

    @Override
    public boolean revokeTokens(UserId id, Instant validAfter) {
        return jdbc.update("UPDATE users SET tokens_valid_after = ? WHERE id = ?", validAfter, id) == 1;
    }

    @Override
    public boolean changePassword(UserId id, String passwordHash, Instant validAfter) {
        return jdbc.update("UPDATE users SET password_hash = ?, tokens_valid_after = ? WHERE id = ?", passwordHash,
                validAfter, id) == 1;
    }

    @Override
    public boolean disable(UserId id, Instant validAfter) {
        return jdbc.update("UPDATE users SET active = ?, tokens_valid_after = ? WHERE id = ?", false, validAfter, id) == 1;
    }

    @Override
    public boolean enable(UserId id) {
        return jdbc.update("UPDATE users SET active = ? WHERE id = ?", true, id) == 1;
    }

    @Override
    public boolean changeProfile(UserId id, String displayName, String department, UserRole role) {
        return jdbc.update("UPDATE users SET display_name = ?, department = ?, role = ? WHERE id = ?", displayName, department,
                role, id) == 1;
    }

    @Override
    public Optional<User> find(UserId id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", JdbcUserRepository::map, id);
    }

    @Override
    public Optional<User> findByLogin(String loginName) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE login_name = ?", JdbcUserRepository::map, loginName);
    }

    @Override
    public List<User> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM users ORDER BY login_name", JdbcUserRepository::map);
    }

    @Override
    public long count() {
        return jdbc.queryOne("SELECT COUNT(*) AS n FROM users", rs -> rs.getLong("n")).orElse(0L);
    }

    @Override
    public long lockActiveAdmins() {
        jdbc.query("SELECT id FROM users WHERE role = ? AND active = ? FOR UPDATE", rs -> rs.getString("id"), UserRole.ADMIN, true);
        // counted by a statement of its own: after waiting for a lock, it sees what the other transaction committed
        return jdbc.queryOne("SELECT COUNT(*) AS n FROM users WHERE role = ? AND active = ?", rs -> rs.getLong("n"),
                UserRole.ADMIN, true).orElse(0L);
    }

    private static User map(ResultSet rs) throws SQLException {
        return new User(UserId.of(rs.getString("id")), rs.getString("login_name"), rs.getString("display_name"),
                rs.getString("department"), UserRole.valueOf(rs.getString("role")), rs.getString("password_hash"),
                rs.getBoolean("active"), Jdbc.instant(rs, "tokens_valid_after"), Jdbc.instant(rs, "created_at"));
    }
}
