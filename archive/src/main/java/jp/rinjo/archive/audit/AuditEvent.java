package jp.rinjo.archive.audit;

import jp.rinjo.common.error.Require;

/**
 * What to append to the audit log: who did what to which recording, and how it ended.
 *
 * @param actorId   the user id, or the invitation id of a guest; null for the system (reindex at start-up)
 * @param actorRole ADMIN, INSPECTOR, CLERK, GUEST:CONTRACTOR…, SYSTEM
 * @param detail    short JSON with what else matters (search filters, bytes sent, findings); may be null
 */
public record AuditEvent(String actorId, String actorName, String actorRole, AuditAction action, String sessionId,
                         String contractNo, AuditOutcome outcome, String detail) {
    public static final int MAX_DETAIL = 2000;

    public AuditEvent {
        actorName = Require.text(actorName == null || actorName.isBlank() ? "?" : actorName, "actorName", 100);
        Require.text(actorRole, "actorRole", 32);
        Require.present(action, "action");
        Require.present(outcome, "outcome");
        detail = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…";
    }
}
