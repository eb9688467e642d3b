package jp.rinjo.scheduling.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jp.rinjo.common.id.UserId;

public interface UserRepository {
    /** @throws jp.rinjo.common.error.RinjoException CONFLICT when the login name is taken */
    void insert(User user);

    // Each change writes only its own columns: a request holding a stale User (a logout racing a
    // password change) must not write the other columns back.

    /** Revokes every login token issued before {@code validAfter}; false when there is no such user. */
    boolean revokeTokens(UserId id, Instant validAfter);

    /** Sets the password and revokes the tokens issued before {@code validAfter}. */
    boolean changePassword(UserId id, String passwordHash, Instant validAfter);

    /** Disables the account and revokes its tokens, so enabling it again does not revive them. */
    boolean disable(UserId id, Instant validAfter);

    boolean enable(UserId id);

    /** Sets the display name, department and role (the password, state and logins stay); false when there is no such user. */
    boolean changeProfile(UserId id, String displayName, String department, UserRole role);

    Optional<User> find(UserId id);

    Optional<User> findByLogin(String loginName);

    List<User> all();

    long count();

    /**
     * Locks the rows of the active administrators until the surrounding transaction ends, then counts
     * them as committed now. Two acts that could each take away an administrator (two admins demoting
     * or disabling each other at the same moment) are so taken one after the other, and the second sees
     * what the first left: otherwise each would see the other still an admin and both would go through,
     * leaving nobody to administer accounts. Only meaningful inside a transaction.
     */
    long lockActiveAdmins();
}
