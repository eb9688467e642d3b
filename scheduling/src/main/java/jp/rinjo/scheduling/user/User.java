package jp.rinjo.scheduling.user;

import java.time.Instant;
import java.util.regex.Pattern;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.id.UserId;

/**
 * A person who logs in. {@code tokensValidAfter} revokes every login token issued before it: logout
 * and password change move it forward, so a stolen token dies with the session it belonged to.
 */
public record User(UserId id, String loginName, String displayName, String department, UserRole role,
                   String passwordHash, boolean active, Instant tokensValidAfter, Instant createdAt) {
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    public User {
        Require.present(id, "id");
        Require.that(isLoginName(loginName),
                "loginName must be 3–64 lower-case letters, digits, '.', '_' or '-'");
        displayName = Require.text(displayName, "displayName", 100);
        department = Require.text(department, "department", 100);
        Require.present(role, "role");
        Require.text(passwordHash, "passwordHash", 200);
        Require.present(tokensValidAfter, "tokensValidAfter");
        Require.present(createdAt, "createdAt");
    }

    /** Whether {@code name} (already lower-cased) can be a login name at all. */
    public static boolean isLoginName(String name) {
        return name != null && name.length() <= 64 && LOGIN.matcher(name).matches();
    }

    public boolean isAdmin() {
        return role == UserRole.ADMIN;
    }
}
