package jp.rinjo.scheduling.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.audit.AdminAction;
import jp.rinjo.scheduling.audit.AdminAudit;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.auth.PasswordHasher;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRepository;
import jp.rinjo.scheduling.user.UserRole;

/**
 * Accounts, administered by an admin: create, list, change, disable, enable, reset a password; and the
 * first admin on an empty database. Each act is audited in one transaction with its row (who did it to
 * whom, what changed; never a password or its hash). Logins themselves are {@link AuthService}.
 * Blocking (database, Argon2): call off event loops.
 */
public final class AccountService {
    private final UserRepository users;
    private final AdminAudit audit;
    private final PasswordHasher hasher;
    private final Clock clock;

    public record NewUser(String loginName, String displayName, String department, UserRole role, String password) {
    }

    /** What an admin changes about an account; null leaves that part as it is. */
    public record ProfileChange(String displayName, String department, UserRole role) {
    }

    public AccountService(UserRepository users, PasswordHasher hasher, AdminAudit audit, Clock clock) {
        this.users = users;
        this.audit = audit;
        this.hasher = hasher;
        this.clock = clock;
    }

    public User createUser(Actor actor, NewUser draft) {
        User admin = AccessPolicy.requireAdmin(actor);
        User user = newUser(draft); // hashed before: the audited work may run again, and only writes
        audit.audited(AccountActs.created(admin, user), () -> {
            users.insert(user);
            return null;
        });
        return user;
    }

    public List<User> listUsers(Actor actor) {
        AccessPolicy.requireAdmin(actor);
        return users.all();
    }

    /**
     * Disables an account: it can no longer log in and its logins end at once. An admin cannot
     * disable their own account, so the last admin cannot lock everybody out of administration.
     */
    public User disableUser(Actor actor, UserId id) {
        User admin = AccessPolicy.requireAdmin(actor);
        if (admin.id().equals(id)) {
            throw RinjoException.conflict("an administrator cannot disable their own account");
        }
        Instant validFrom = endOfLoginsUpToNow();
        User target = existing(id);
        return audit.audited(AccountActs.on(AdminAction.USER_DISABLE, admin, target), () -> {
            if (target.isAdmin() && target.active()) {
                keepAnotherAdmin();
            }
            if (!users.disable(id, validFrom)) {
                throw RinjoException.notFound("user " + id.value());
            }
            return existing(id);
        });
    }

    /** Enables a disabled account; the logins it had before it was disabled stay ended. */
    public User enableUser(Actor actor, UserId id) {
        User admin = AccessPolicy.requireAdmin(actor);
        return audit.audited(AccountActs.on(AdminAction.USER_ENABLE, admin, existing(id)), () -> {
            if (!users.enable(id)) {
                throw RinjoException.notFound("user " + id.value());
            }
            return existing(id);
        });
    }

    /**
     * Before an act takes an active administrator away: refused if that one is the last. The caller is
     * an admin and may not take away their own account, so this only happens when two admins act on
     * each other at the same moment; the lock makes the second wait for the first and see its result.
     */
    private void keepAnotherAdmin() {
        if (users.lockActiveAdmins() <= 1) {
            throw new RinjoException(ErrorCode.LAST_ADMIN, "this is the last active administrator: another administrator"
                    + " took the role or the account of the one asking meanwhile");
        }
    }

    private User existing(UserId id) {
        return users.find(id).orElseThrow(() -> RinjoException.notFound("user " + id.value()));
    }

    /**
     * Changes an account's display name, department or role (人事異動), validated as when it was
     * created. A change of what the account may see or do (its role, or the department of an
     * inspector or clerk) ends its logins: the person logs in again under the new rules, and a call
     * they are in ends at the next login recheck instead of going on under the old department. A new
     * display name alone ends nothing. As with disabling, an admin cannot take ADMIN from their own
     * account, so there is always at least the caller left as an active admin.
     */
    public User changeProfile(Actor actor, UserId id, ProfileChange change) {
        User admin = AccessPolicy.requireAdmin(actor);
        Require.present(change, "change");
        User current = existing(id);
        User changed = new User(current.id(), current.loginName(),
                change.displayName() == null ? current.displayName() : change.displayName(),
                change.department() == null ? current.department() : change.department(),
                change.role() == null ? current.role() : change.role(),
                current.passwordHash(), current.active(), current.tokensValidAfter(), current.createdAt());
        if (admin.id().equals(id) && !changed.isAdmin()) {
            throw RinjoException.conflict("an administrator cannot take the administrator role from their own account;"
                    + " another administrator can");
        }
        boolean endsLogins = !accessOf(changed).equals(accessOf(current));
        return audit.audited(AccountActs.changed(admin, current, changed, endsLogins), () -> {
            if (current.isAdmin() && current.active() && !changed.isAdmin()) {
                keepAnotherAdmin();
            }
            if (!users.changeProfile(id, changed.displayName(), changed.department(), changed.role())) {
                throw RinjoException.notFound("user " + id.value());
            }
            // After the write: a login issued in between is ended too.
            if (endsLogins) {
                users.revokeTokens(id, endOfLoginsUpToNow());
            }
            return existing(id);
        });
    }

    /** What the account may see and do: an admin's department changes neither. */
    private static String accessOf(User u) {
        return u.isAdmin() ? UserRole.ADMIN.name() : u.role().name() + "/" + u.department();
    }

    /** Sets a new password for someone who forgot theirs; every login of that account ends. */
    public void resetPassword(Actor actor, UserId id, String password) {
        User admin = AccessPolicy.requireAdmin(actor);
        User target = existing(id);
        String hash = hasher.hash(password);
        Instant validFrom = endOfLoginsUpToNow();
        audit.audited(AccountActs.on(AdminAction.USER_PASSWORD_RESET, admin, target), () -> {
            if (!users.changePassword(id, hash, validFrom)) {
                throw RinjoException.notFound("user " + id.value());
            }
            return null;
        });
    }

    /**
     * On an empty database, creates the {@code admin} account.
     *
     * @return the generated password when none was configured (to be printed once), else empty
     */
    public Optional<String> bootstrapAdmin(String configuredPassword, String department) {
        if (users.count() > 0) {
            return Optional.empty();
        }
        String password = configuredPassword == null || configuredPassword.isBlank() ? randomPassword() : configuredPassword;
        // not audited: nobody did it, the empty database asked for it (and the log says so at start-up)
        users.insert(newUser(new NewUser("admin", "管理者", department, UserRole.ADMIN, password)));
        return configuredPassword == null || configuredPassword.isBlank() ? Optional.of(password) : Optional.empty();
    }

    private User newUser(NewUser d) {
        Instant now = clock.instant();
        return new User(UserId.random(), d.loginName() == null ? null : d.loginName().strip().toLowerCase(Locale.ROOT),
                d.displayName(), d.department(), d.role(), hasher.hash(d.password()), true, now, now);
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private Instant endOfLoginsUpToNow() {
        return LoginCutoff.endOfLoginsUpToNow(clock);
    }
}
