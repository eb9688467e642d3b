package jp.rinjo.scheduling.service;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.audit.AdminAct;
import jp.rinjo.scheduling.audit.AdminAction;
import jp.rinjo.scheduling.audit.AdminAudit;
import jp.rinjo.scheduling.audit.Sha256;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.lateresult.LateResult;
import jp.rinjo.scheduling.lateresult.LateResults;
import jp.rinjo.scheduling.session.ResultKind;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRole;

/**
 * Results recorded afterwards (事後記録) for sessions that lapsed: nobody ended them, so the city's
 * record of the inspection would otherwise stay without an outcome. Blocking.
 */
public final class LateResultService {
    private static final Logger log = LoggerFactory.getLogger(LateResultService.class);
    private final SessionService sessions;
    private final LateResults store;
    private final AdminAudit audit;
    private final Clock clock;

    public LateResultService(SessionService sessions, LateResults store, AdminAudit audit, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records the outcome of a lapsed session, once. Only the session's own inspector, who was there, or
     * an administrator may: another inspector of the department did not conduct it, and a clerk only reads.
     * Audited with the note's SHA-256: no signature covers a late result, the audit chain then does.
     */
    public LateResult record(Actor actor, SessionId id, ResultKind kind, String note) {
        SessionService.SessionView v = sessions.view(id);
        User u = requireRecorder(actor, v);
        LateResult late = LateResult.of(v.session(), kind, note, u.id(), u.displayName(), clock.instant());
        audit.audited(new AdminAct(AdminAction.LATE_RESULT, u, id, v.contract().no(), AdminAct.detail("result", kind.name(),
                "recordedAt", late.recordedAt().toString(), "noteSha256", Sha256.hex(late.note()))), () -> {
            store.record(late);
            return late;
        });
        log.info("session {}: result {} recorded afterwards by {}", id, kind, u.id());
        return late;
    }

    /** The session's late result, for a caller already allowed to read the session. */
    public Optional<LateResult> find(SessionId session) {
        return store.forSession(session);
    }

    /** Those of the sessions that have one, for a caller already allowed to read them. */
    public Map<SessionId, LateResult> forSessions(Collection<SessionId> ids) {
        return ids.isEmpty() ? Map.of() : store.forSessions(ids);
    }

    private static User requireRecorder(Actor actor, SessionService.SessionView v) {
        User u = AccessPolicy.loggedIn(actor);
        AccessPolicy.requireRead(actor, v.contract().department());
        if (u.role() == UserRole.CLERK) {
            throw RinjoException.forbidden("a records clerk may read but not record a session's result");
        }
        if (!u.isAdmin() && !u.id().equals(v.session().inspectorId())) {
            throw RinjoException.forbidden("only the session's inspector (" + v.inspectorName() + ") or an administrator "
                    + "may record its result afterwards");
        }
        return u;
    }
}
