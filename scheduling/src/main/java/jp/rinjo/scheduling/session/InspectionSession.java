package jp.rinjo.scheduling.session;

import java.time.Duration;
import java.time.Instant;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.UserId;

/**
 * A scheduled remote-attendance session for one contract. Immutable: state changes return a new
 * value, and the repository writes it with optimistic concurrency on {@code version}.
 */
public record InspectionSession(SessionId id, ContractNo contractNo, InspectionType type, TimeWindow window,
                                String place, UserId inspectorId, SessionStatus status, InspectionResult result,
                                Instant createdAt, Instant startedAt, Instant endedAt, int version) {
    /**
     * How long past its window's end a live session still admits its invited guests. Inspections
     * overrun, but by no more than the longest window there is: a live session nobody ended does not
     * keep its links working for good.
     */
    public static final Duration MAX_OVERRUN = TimeWindow.MAX_LENGTH;

    public InspectionSession {
        Require.present(id, "id");
        Require.present(contractNo, "contractNo");
        Require.present(type, "inspection type");
        Require.present(window, "window");
        place = Require.optionalText(place, "place", 200);
        Require.present(inspectorId, "inspectorId");
        Require.present(status, "status");
        Require.present(createdAt, "createdAt");
        Require.that(status != SessionStatus.ENDED || result != null, "an ended session has a result");
    }

    public static InspectionSession schedule(ContractNo contractNo, InspectionType type, TimeWindow window, String place,
                                             UserId inspectorId, Instant now) {
        return new InspectionSession(SessionId.random(), contractNo, type, window, place, inspectorId,
                SessionStatus.SCHEDULED, null, now, null, null, 0);
    }

    /** Someone who conducts the session joined in its window: the session is live. Idempotent. */
    public InspectionSession goLive(Instant now) {
        if (status == SessionStatus.LIVE) {
            return this;
        }
        requireOpen();
        return new InspectionSession(id, contractNo, type, window, place, inspectorId, SessionStatus.LIVE, null,
                createdAt, now, null, version);
    }

    /** Ends with a result; a session that never went live keeps no start (nothing of it was recorded). */
    public InspectionSession end(InspectionResult result, Instant now) {
        requireOpen();
        Require.present(result, "result");
        return new InspectionSession(id, contractNo, type, window, place, inspectorId, SessionStatus.ENDED, result,
                createdAt, startedAt, now, version);
    }

    /**
     * Nobody ended the live session and its links have expired ({@link #guestsAdmittedUntil()}): it is
     * closed without a result, so that its recording is sealed and filed rather than left on the media
     * node. The service lapses a scheduled one only when someone joined it (see
     * {@code SessionService#lapseAbandoned}); one nobody joined can still be moved to another day.
     */
    public InspectionSession lapse(Instant now) {
        if (status != SessionStatus.LIVE && status != SessionStatus.SCHEDULED) {
            throw new RinjoException(jp.rinjo.common.error.ErrorCode.SESSION_CLOSED, "only an open session lapses; session " + id + " is " + status);
        }
        // no note: the result's name says what happened in each page's language, and endedAt when
        return new InspectionSession(id, contractNo, type, window, place, inspectorId, SessionStatus.ENDED,
                new InspectionResult(ResultKind.LAPSED, null), createdAt, startedAt, now, version);
    }

    /** Whether the session went live at some point (then its media node may hold a recording of it). */
    public boolean wentLive() {
        return startedAt != null;
    }

    /** Until when invitation links admit anyone: the window's end, or while live, the end of the longest overrun. */
    public Instant guestsAdmittedUntil() {
        return status == SessionStatus.LIVE ? window.end().plus(MAX_OVERRUN) : window.end();
    }

    public InspectionSession cancel(Instant now) {
        requireOpen();
        return new InspectionSession(id, contractNo, type, window, place, inspectorId, SessionStatus.CANCELLED, null,
                createdAt, startedAt, now, version);
    }

    public InspectionSession reschedule(TimeWindow newWindow, String newPlace) {
        if (status != SessionStatus.SCHEDULED) {
            throw new RinjoException(jp.rinjo.common.error.ErrorCode.SESSION_CLOSED, "only a scheduled session can be rescheduled");
        }
        return new InspectionSession(id, contractNo, type, newWindow, newPlace, inspectorId, status, null,
                createdAt, null, null, version);
    }

    private void requireOpen() {
        if (status.isFinal()) {
            throw new RinjoException(jp.rinjo.common.error.ErrorCode.SESSION_CLOSED, "session " + id + " is " + status);
        }
    }
}
