package jp.rinjo.scheduling.service;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRole;

/**
 * Who may do what with a department's contracts and sessions. Admins: everything. Inspectors: read
 * and manage their own department's. Clerks: read their own department's. Invited guests: only the
 * one session of their invitation, through the live session, never these APIs. Public so that the
 * archive decides by exactly the same rules.
 */
public final class AccessPolicy {
    private AccessPolicy() {
    }

    public static User loggedIn(Actor actor) {
        if (actor instanceof Actor.LoggedIn l) {
            return l.user();
        }
        throw RinjoException.forbidden("this needs an inspector login; an invitation does not allow it");
    }

    public static User requireAdmin(Actor actor) {
        User u = loggedIn(actor);
        if (!u.isAdmin()) {
            throw RinjoException.forbidden("only an administrator may do this");
        }
        return u;
    }

    public static void requireRead(Actor actor, String department) {
        User u = loggedIn(actor);
        if (!u.isAdmin() && !u.department().equals(department)) {
            // Not FORBIDDEN: another department's contracts are not even said to exist.
            throw new RinjoException(ErrorCode.NOT_FOUND, "not found");
        }
    }

    public static User requireManage(Actor actor, String department) {
        User u = loggedIn(actor);
        requireRead(actor, department);
        if (u.role() == UserRole.CLERK) {
            throw RinjoException.forbidden("a records clerk may read but not schedule or change sessions");
        }
        return u;
    }

    /** Whether the user may manage (schedule, run, end) the department's sessions: what requireManage allows. */
    public static boolean mayManage(User u, String department) {
        return u.role() != UserRole.CLERK && (u.isAdmin() || u.department().equals(department));
    }

    /** null = every department (admin), else the user's own. */
    public static String departmentFilter(Actor actor) {
        User u = loggedIn(actor);
        return u.isAdmin() ? null : u.department();
    }
}
