package jp.rinjo.archive.audit;

import java.util.Map;
import java.util.function.Supplier;

import jp.rinjo.common.text.JsonStrings;
import jp.rinjo.scheduling.audit.AdminAct;
import jp.rinjo.scheduling.audit.AdminAction;
import jp.rinjo.scheduling.audit.AdminAudit;

/**
 * Scheduling's administrative acts (late results, contracts registered or changed, accounts administered) written to this
 * audit log, in the chain with every access to evidence. Scheduling cannot see the archive; the
 * launcher hands this to it. Each act commits with its row (see {@link AdminAudit}).
 */
public final class AdminActAudit implements AdminAudit {
    private final AuditLog log;

    public AdminActAudit(AuditLog log) {
        this.log = log;
    }

    @Override
    public <T> T audited(AdminAct act, Supplier<T> work) {
        return log.appendWith(event(act), work);
    }

    static AuditEvent event(AdminAct a) {
        return new AuditEvent(a.by().id().value(), a.by().displayName(), a.by().role().name(), action(a.action()),
                a.session() == null ? null : a.session().value(), a.contract() == null ? null : a.contract().value(), AuditOutcome.OK,
                json(a.detail()));
    }

    private static AuditAction action(AdminAction a) {
        return switch (a) {
            case LATE_RESULT -> AuditAction.LATE_RESULT;
            case CONTRACT_IMPORT -> AuditAction.CONTRACT_IMPORT;
            case CONTRACT_REGISTER -> AuditAction.CONTRACT_REGISTER;
            case CONTRACT_UPDATE -> AuditAction.CONTRACT_UPDATE;
            case USER_CREATE -> AuditAction.USER_CREATE;
            case USER_CHANGE -> AuditAction.USER_CHANGE;
            case USER_DISABLE -> AuditAction.USER_DISABLE;
            case USER_ENABLE -> AuditAction.USER_ENABLE;
            case USER_PASSWORD_RESET -> AuditAction.USER_PASSWORD_RESET;
        };
    }

    /** The detail as the archive's own rows write it: a flat JSON object, in order, without spaces. */
    private static String json(Map<String, Object> detail) {
        if (detail.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("{");
        detail.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            JsonStrings.appendQuoted(sb, k).append(':');
            if (v instanceof String s) {
                JsonStrings.appendQuoted(sb, s);
            } else {
                sb.append(v);
            }
        });
        return sb.append('}').toString();
    }
}
