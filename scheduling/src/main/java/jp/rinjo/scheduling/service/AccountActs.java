package jp.rinjo.scheduling.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jp.rinjo.scheduling.audit.AdminAct;
import jp.rinjo.scheduling.audit.AdminAction;
import jp.rinjo.scheduling.user.User;

/**
 * The audit rows of an admin's acts on accounts. The row's actor is the admin; the account acted on is
 * in the detail (its id, which stays, and its login name, which an auditor reads), as an account has no
 * column of its own in the audit log. Never a password or its hash: the row of a reset says only that
 * it was reset.
 */
final class AccountActs {
    private AccountActs() {
    }

    static AdminAct created(User admin, User created) {
        return new AdminAct(AdminAction.USER_CREATE, admin, null, null, AdminAct.detail("user", created.id().value(),
                "loginName", created.loginName(), "displayName", created.displayName(), "department", created.department(),
                "role", created.role().name()));
    }

    /** Disabled, enabled or its password reset: who it was done to is all there is to say. */
    static AdminAct on(AdminAction action, User admin, User target) {
        return new AdminAct(action, admin, null, null, AdminAct.detail("user", target.id().value(), "loginName", target.loginName()));
    }

    /**
     * What changed, each with its value before (an auditor asks who could see which department when), and
     * whether the account's logins were ended for it. A save that changed nothing is audited all the same,
     * with {@code changed} empty, as for a contract.
     */
    static AdminAct changed(User admin, User before, User after, boolean loginsEnded) {
        List<String> changed = new ArrayList<>();
        boolean name = !Objects.equals(before.displayName(), after.displayName());
        boolean department = !Objects.equals(before.department(), after.department());
        boolean role = before.role() != after.role();
        if (name) {
            changed.add("displayName");
        }
        if (department) {
            changed.add("department");
        }
        if (role) {
            changed.add("role");
        }
        return new AdminAct(AdminAction.USER_CHANGE, admin, null, null, AdminAct.detail("user", after.id().value(),
                "loginName", after.loginName(), "changed", String.join(",", changed),
                "displayName", name ? after.displayName() : null, "previousDisplayName", name ? before.displayName() : null,
                "department", after.department(), "previousDepartment", department ? before.department() : null,
                "role", after.role().name(), "previousRole", role ? before.role().name() : null, "loginsEnded", loginsEnded));
    }
}
