package jp.rinjo.scheduling.lateresult;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.UserId;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.session.ResultKind;
import jp.rinjo.scheduling.session.SessionStatus;

/**
 * The outcome of a session that lapsed (結果未記録（自動終了）), recorded afterwards (事後記録) by its
 * inspector or an administrator. An administrative record beside the session, never a change to it:
 * the session keeps LAPSED, as its recording's signed manifest does, and every page shows this as
 * recorded after the seal and outside the signature.
 *
 * <p>Recorded once. It cannot be corrected, not even by an administrator: it is the one part of an
 * inspection's record that no signature covers, so letting it be overwritten would let the outcome
 * change without trace. A correction, if ever needed, is a further record beside this one, not an edit.
 *
 * @param note           why the result is recorded afterwards (required; as long as an end-of-session note may be)
 * @param recordedByName the recorder's display name as it was then: the record says who signed it off, whatever
 *                       the account is called later
 * @param recordedAt     to the microsecond, as databases keep it
 */
public record LateResult(SessionId sessionId, ResultKind kind, String note, UserId recordedBy, String recordedByName,
                         Instant recordedAt) {
    /** The same limit as an end-of-session note ({@link jp.rinjo.scheduling.session.InspectionResult}). */
    public static final int NOTE_LIMIT = 4000;

    public LateResult {
        Require.present(sessionId, "sessionId");
        Require.present(kind, "result");
        Require.that(kind.givenByInspector(), "result " + kind + " is what the system records; record PASS, FAIL or INSTRUCTION");
        note = Require.text(note, "note (why the result is recorded afterwards)", NOTE_LIMIT);
        Require.present(recordedBy, "recordedBy");
        recordedByName = Require.text(recordedByName, "recordedByName", 100);
        recordedAt = Require.present(recordedAt, "recordedAt").truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The late result of {@code session}, which must have ended as LAPSED: a session ended with a result
     * has its result, and an open one is ended, not recorded afterwards (both a CONFLICT, not bad input).
     */
    public static LateResult of(InspectionSession session, ResultKind kind, String note, UserId recordedBy, String recordedByName,
                                Instant now) {
        if (!lapsed(session)) {
            String state = session.status() == SessionStatus.ENDED
                    ? "ended with the result " + session.result().kind() + " (" + session.result().kind().label() + ")"
                    : "is " + session.status() + (session.status().isFinal() ? "" : "; end it with its result instead");
            throw RinjoException.conflict("only a session that closed without a result (LAPSED, 結果未記録（自動終了）) "
                    + "can have its result recorded afterwards; session " + session.id() + " " + state);
        }
        return new LateResult(session.id(), kind, note, recordedBy, recordedByName, now);
    }

    /** Whether the session closed without a result (nobody ended it), so that one may be recorded afterwards. */
    public static boolean lapsed(InspectionSession session) {
        return session.status() == SessionStatus.ENDED && session.result().kind() == ResultKind.LAPSED;
    }
}
