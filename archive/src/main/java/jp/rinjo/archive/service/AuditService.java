package jp.rinjo.archive.service;

import java.io.IOException;
import java.util.List;

import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.audit.AuditLog;
import jp.rinjo.archive.audit.AuditRecord;
import jp.rinjo.archive.audit.ChainCheck;
import jp.rinjo.archive.index.Reindexer;
import jp.rinjo.common.error.Require;
import jp.rinjo.scheduling.auth.Actor;

/** The administrator's side: reading and checking the audit log, rebuilding the index. Each is audited too. */
public final class AuditService {
    private final AuditLog audit;
    private final Reindexer reindexer;
    private final Guard guard;

    AuditService(AuditLog audit, Reindexer reindexer, Guard guard) {
        this.audit = audit;
        this.reindexer = reindexer;
        this.guard = guard;
    }

    public List<AuditRecord> list(Actor actor, String sessionId, Long beforeSeq, int limit) {
        return list(actor, sessionId, beforeSeq, null, limit);
    }

    /** A page below {@code beforeSeq}, or the page just above {@code afterSeq} (not both), newest first. */
    public List<AuditRecord> list(Actor actor, String sessionId, Long beforeSeq, Long afterSeq, int limit) {
        Require.that(limit >= 1 && limit <= 500, "limit must be 1–500");
        Require.that(beforeSeq == null || afterSeq == null, "before and after cannot be given together");
        Guard.Target target = new Guard.Target(sessionId, null);
        guard.admin(actor, AuditAction.AUDIT_READ, target);
        return guard.attempt(actor, AuditAction.AUDIT_READ, target, () -> audit.list(sessionId, beforeSeq, afterSeq, limit),
                rows -> afterSeq == null ? Guard.detail("rows", rows.size(), "beforeSeq", beforeSeq)
                        : Guard.detail("rows", rows.size(), "afterSeq", afterSeq));
    }

    public ChainCheck verify(Actor actor) {
        guard.admin(actor, AuditAction.AUDIT_VERIFY, Guard.Target.NONE);
        return guard.attempt(actor, AuditAction.AUDIT_VERIFY, Guard.Target.NONE, audit::verify,
                c -> Guard.detail("ok", c.ok(), "rows", c.rows(), "headSeq", c.headSeq(), "headHash", c.headHash(),
                        "firstBadSeq", c.firstBadSeq()));
    }

    public Reindexer.Report reindex(Actor actor) {
        guard.admin(actor, AuditAction.REINDEX, Guard.Target.NONE);
        return guard.attempt(actor, AuditAction.REINDEX, Guard.Target.NONE, reindexer::reindex,
                r -> Guard.detail("manifests", r.manifests(), "inserted", r.inserted(), "updated", r.updated(), "failed", r.failed(),
                        "missingFromStore", r.missingFromStore(), "unsealed", r.unsealed()));
    }

    /** For the command line: reindexing by the operator, audited as the system. */
    public Reindexer.Report reindexAsSystem(String operator) throws IOException {
        Reindexer.Report r = reindexer.reindex();
        audit.append(new jp.rinjo.archive.audit.AuditEvent(null, operator, "SYSTEM", AuditAction.REINDEX, null, null,
                jp.rinjo.archive.audit.AuditOutcome.OK, Guard.detail("manifests", r.manifests(), "inserted", r.inserted(),
                "updated", r.updated(), "failed", r.failed(), "missingFromStore", r.missingFromStore(), "unsealed", r.unsealed())));
        return r;
    }
}
