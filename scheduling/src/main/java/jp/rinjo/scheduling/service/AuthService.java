package jp.rinjo.scheduling.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.audit.AdminAction;
import jp.rinjo.scheduling.audit.AdminAudit;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.auth.LoginTokens;
import jp.rinjo.scheduling.auth.PasswordHasher;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRepository;
import jp.rinjo.scheduling.user.UserRole;

/**
 * Logins, login tokens and accounts. An admin's acts on accounts are audited, each in one transaction
 * with its row (who did it to whom, what changed; never a password or its hash). Blocking (database,
 * Argon2): call off event loops.
 */
public final class AuthService {
    private final UserRepository users;
    private final AdminAudit audit;
    private final PasswordHasher hasher;
    private final LoginTokens tokens;
    private final Clock clock;
    private final String dummyHash;
    private final LoginThrottle throttle = new LoginThrottle();

    public record Login(String token, User user, Instant expiresAt) {
    }

    public record NewUser(String loginName, String displayName, String department, UserRole role, String password) {
    }

    /** What an admin changes about an account; null leaves that part as it is. */
    public record ProfileChange(String displayName, String department, UserRole role) {
    }

    public AuthService(UserRepository users, PasswordHasher hasher, LoginTokens tokens, AdminAudit audit, Clock clock) {
        this.users = users;
        this.audit = audit;
        this.hasher = hasher;
        this.tokens = tokens;
        this.clock = clock;
        this.dummyHash = hasher.hash("dummy-password-for-timing");
    }

    /**
     * The same error for an unknown name and a wrong password, and the same Argon2 cost for both,
     * so the response does not tell which login names exist. A name that cannot be a login name is
     * refused (400) before anything else and never remembered. Five failures for an existing
     * account from one client address lock that name for that address for five minutes on this
     * node; other addresses can still log in (see {@link LoginThrottle}). Made-up names are not
     * counted, so that a flood of them stores nothing; the price is that a sixth failure tells an
     * existing name from a made-up one, and login names are not secret here.
     *
     * @param clientAddress where the request came from, as the HTTP layer sees it
     */
    public Login login(String loginName, String password, String clientAddress) {
        String name = loginNameOf(loginName);
        Require.present(clientAddress, "clientAddress");
        Instant now = clock.instant();
        if (throttle.locked(name, clientAddress, now)) {
            throw new RinjoException(ErrorCode.RATE_LIMITED, "too many failed logins; try again in a few minutes");
        }
        Optional<User> user = users.findByLogin(name);
        boolean ok = hasher.verify(password, user.map(User::passwordHash).orElse(dummyHash))
                && user.isPresent() && user.get().active();
        if (!ok) {
            if (user.isPresent()) {
                throttle.failed(name, clientAddress, now);
            }
            throw new RinjoException(ErrorCode.BAD_CREDENTIALS, "login name or password is wrong");
        }
        throttle.succeeded(name, clientAddress);
        return issue(user.get(), now);
    }

    /** A login of an in-process caller (tools, benchmarks, tests), which has no network address. */
    public Login login(String loginName, String password) {
        return login(loginName, password, "local");
    }

    /** How many (name, address) pairs the login throttle remembers. */
    int trackedLoginFailures() {
        return throttle.tracked();
    }

    private static String loginNameOf(String raw) {
        String stripped = raw == null ? "" : raw.strip();
        // Length first: a 250 KB "name" is refused without lower-casing or matching it.
        String name = stripped.length() > 64 ? "" : stripped.toLowerCase(Locale.ROOT);
        if (!User.isLoginName(name)) {
            throw RinjoException.invalid("loginName must be 3–64 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    private Login issue(User user, Instant now) {
        return new Login(tokens.issue(user.id(), now), user, now.plus(tokens.lifetime()));
    }

    public Actor.LoggedIn authenticate(String token) {
        return requireNotEnded(tokens.verify(token, clock.instant()));
    }

    /**
     * Whether a login someone is still using (in a call) has been ended since: account disabled or
     * deleted, or its logins ended (logout, password changed or reset). Its expiry does not count: a
     * call outlives the login it was joined with.
     *
     * @throws RinjoException TOKEN_REVOKED or TOKEN_INVALID when it was ended
     */
    public void requireLoginNotEnded(String token) {
        requireNotEnded(tokens.read(token));
    }

    private Actor.LoggedIn requireNotEnded(LoginTokens.Claims claims) {
        User user = users.find(claims.userId()).orElseThrow(
                () -> new RinjoException(ErrorCode.TOKEN_INVALID, "the account of this login no longer exists"));
        if (!user.active()) {
            throw new RinjoException(ErrorCode.TOKEN_REVOKED, "this account is disabled");
        }
        if (claims.issuedAt().isBefore(user.tokensValidAfter())) {
            throw new RinjoException(ErrorCode.TOKEN_REVOKED, "this login was ended; please log in again");
        }
        return new Actor.LoggedIn(user);
    }

    /** Ends every login of the user, on every node. */
    public void logout(Actor actor) {
        User u = AccessPolicy.loggedIn(actor);
        users.revokeTokens(u.id(), endOfLoginsUpToNow());
    }

    /**
     * The time from which logins are valid again after ending them now. Tokens carry their issue time
     * to the millisecond while the clock (and the database column) go to the microsecond: ending
     * logins at the start of the next millisecond ends every login issued up to now, and a login
     * issued at that instant (the one a password change hands back) is valid.
     */
    private Instant endOfLoginsUpToNow() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plusMillis(1);
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
     * Changes the caller's own password. Every login of the account ends, the one that made the
     * change too; it gets a fresh login in return, so the person at the keyboard stays logged in.
     */
    public Login changePassword(Actor actor, String current, String next) {
        User u = AccessPolicy.loggedIn(actor);
        // Checked against the stored hash, not the one read when the request was authenticated.
        User stored = users.find(u.id()).orElseThrow(
                () -> new RinjoException(ErrorCode.TOKEN_INVALID, "the account of this login no longer exists"));
        if (!hasher.verify(current, stored.passwordHash())) {
            throw new RinjoException(ErrorCode.BAD_CREDENTIALS, "the current password is wrong");
        }
        String hash = hasher.hash(next);
        Instant validFrom = endOfLoginsUpToNow();
        users.changePassword(u.id(), hash, validFrom);
        return issue(stored, validFrom);
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
        return audit.audited(AccountActs.on(AdminAction.USER_DISABLE, admin, existing(id)), () -> {
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
}
