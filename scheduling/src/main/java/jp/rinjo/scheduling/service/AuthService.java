package jp.rinjo.scheduling.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.auth.LoginTokens;
import jp.rinjo.scheduling.auth.PasswordHasher;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRepository;

/**
 * Logins and login tokens: logging in and out, checking a login, changing one's own password. What an
 * admin does to accounts is {@link AccountService}. Blocking (database, Argon2): call off event loops.
 */
public final class AuthService {
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final LoginTokens tokens;
    private final Clock clock;
    private final String dummyHash;
    private final LoginThrottle throttle = new LoginThrottle();

    public record Login(String token, User user, Instant expiresAt) {
    }

    public AuthService(UserRepository users, PasswordHasher hasher, LoginTokens tokens, Clock clock) {
        this.users = users;
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

    private Instant endOfLoginsUpToNow() {
        return LoginCutoff.endOfLoginsUpToNow(clock);
    }
}
