package jp.rinjo.archive.service;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jp.rinjo.archive.audit.AuditAction;
import jp.rinjo.archive.audit.AuditEvent;
import jp.rinjo.archive.audit.AuditLog;
import jp.rinjo.archive.audit.AuditOutcome;
import jp.rinjo.archive.index.RecordingEntry;
import jp.rinjo.archive.index.RecordingIndex;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.service.AccessPolicy;
import jp.rinjo.scheduling.user.User;

/**
 * Access decisions and their audit rows, in one place: every archive operation goes through here,
 * so none can forget either. The rules are scheduling's {@link AccessPolicy} (admins everything;
 * inspectors and clerks their department's contracts; invited guests nothing), and a refusal is
 * audited as well as a success. A recording of another department is "not found", as scheduling
 * answers for its sessions, but audited as DENIED. If the audit row cannot be written, the
 * operation fails: nothing is served unaudited.
 */
final class Guard {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuditLog audit;
    private final RecordingIndex index;

    /** What an audit row is about. */
    record Target(String sessionId, String contractNo) {
        static final Target NONE = new Target(null, null);

        static Target of(RecordingEntry e) {
            return new Target(e.sessionId().value(), e.contract().no().value());
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    Guard(AuditLog audit, RecordingIndex index) {
        this.audit = audit;
        this.index = index;
    }

    User user(Actor actor, AuditAction action, Target target) {
        try {
            return AccessPolicy.loggedIn(actor);
        } catch (RinjoException e) {
            record(actor, action, target, AuditOutcome.DENIED, e.getMessage());
            throw e;
        }
    }

    User admin(Actor actor, AuditAction action, Target target) {
        try {
            return AccessPolicy.requireAdmin(actor);
        } catch (RinjoException e) {
            record(actor, action, target, AuditOutcome.DENIED, e.getMessage());
            throw e;
        }
    }

    /** The recording, if the caller may read it; audited as NOT_FOUND or DENIED otherwise. */
    RecordingEntry readable(Actor actor, AuditAction action, SessionId id) {
        User u = user(actor, action, new Target(id.value(), null));
        RecordingEntry e = index.find(id).orElse(null);
        if (e == null) {
            record(actor, action, new Target(id.value(), null), AuditOutcome.NOT_FOUND, null);
            throw RinjoException.notFound("recording " + id);
        }
        if (!u.isAdmin() && !u.department().equals(e.contract().department())) {
            record(actor, action, Target.of(e), AuditOutcome.DENIED, detail("reason", "another department's recording"));
            throw RinjoException.notFound("recording " + id);
        }
        return e;
    }

    /** Runs the work and audits how it ended; {@code detail} describes a success. */
    <T> T attempt(Actor actor, AuditAction action, Target target, Work<T> work, java.util.function.Function<T, String> detail) {
        T result;
        try {
            result = work.run();
        } catch (RinjoException e) {
            record(actor, action, target, outcomeOf(e.code()), e.getMessage());
            throw e;
        } catch (IOException e) {
            RinjoException r = storeFailure(e);
            record(actor, action, target, outcomeOf(r.code()), e.getMessage());
            throw r;
        }
        record(actor, action, target, AuditOutcome.OK, detail.apply(result));
        return result;
    }

    void record(Actor actor, AuditAction action, Target target, AuditOutcome outcome, String detail) {
        audit.append(new AuditEvent(actorId(actor), actor == null ? "anonymous" : actor.displayName(), role(actor), action,
                target.sessionId(), target.contractNo(), outcome, detail));
    }

    static RinjoException storeFailure(IOException e) {
        return StoreErrors.of(e);
    }

    private static AuditOutcome outcomeOf(ErrorCode code) {
        return switch (code) {
            case FORBIDDEN, UNAUTHENTICATED, TOKEN_EXPIRED, TOKEN_INVALID, TOKEN_REVOKED -> AuditOutcome.DENIED;
            case NOT_FOUND -> AuditOutcome.NOT_FOUND;
            case RETENTION_ACTIVE, LEGAL_HOLD, OBJECT_LOCKED, CONFLICT -> AuditOutcome.REFUSED;
            default -> AuditOutcome.FAILED;
        };
    }

    private static String actorId(Actor actor) {
        if (actor instanceof Actor.LoggedIn l) {
            return l.user().id().value();
        }
        return actor instanceof Actor.Invited i ? i.invitationId().value() : null;
    }

    private static String role(Actor actor) {
        if (actor instanceof Actor.LoggedIn l) {
            return l.user().role().name();
        }
        return actor instanceof Actor.Invited i ? "GUEST:" + i.role().name() : "ANONYMOUS";
    }

    /** A small JSON object from name/value pairs (nulls left out). */
    static String detail(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            if (v != null) {
                m.put(String.valueOf(pairs[i]), v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
            }
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
