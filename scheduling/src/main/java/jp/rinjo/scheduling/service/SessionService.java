package jp.rinjo.scheduling.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.Require;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ContractNo;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.UserId;
import jp.rinjo.common.time.PlausibleDates;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.contract.ContractRepository;
import jp.rinjo.scheduling.session.InspectionResult;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.session.InspectionType;
import jp.rinjo.scheduling.session.SessionRepository;
import jp.rinjo.scheduling.session.SessionStatus;
import jp.rinjo.scheduling.session.TimeWindow;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.scheduling.user.UserRepository;
import jp.rinjo.scheduling.user.UserRole;

/** Scheduling, running and closing inspection sessions. Blocking. */
public final class SessionService {
    private final SessionRepository sessions;
    private final ContractRepository contracts;
    private final UserRepository users;
    private final jp.rinjo.scheduling.attendance.AttendanceRepository attendance;
    private final Duration earlyEntry;
    private final Clock clock;

    public record SessionDraft(String contractNo, InspectionType type, TimeWindow window, String place, UserId inspectorId) {
    }

    /** A session with what a page shows about it: the contract and the responsible inspector's name. */
    public record SessionView(InspectionSession session, Contract contract, String inspectorName) {
    }

    /** @param earlyEntry how long before its window a session can go live: as long as invitation links open before it */
    public SessionService(SessionRepository sessions, ContractRepository contracts, UserRepository users,
                          jp.rinjo.scheduling.attendance.AttendanceRepository attendance, Duration earlyEntry, Clock clock) {
        this.sessions = sessions;
        this.contracts = contracts;
        this.users = users;
        this.attendance = attendance;
        this.earlyEntry = earlyEntry;
        this.clock = clock;
    }

    /** Signaling records each join (system call, no actor: the join itself was authorised). */
    public void recordAttendance(SessionId session, jp.rinjo.common.id.ParticipantId participant, String displayName,
                                 jp.rinjo.scheduling.invitation.ParticipantRole role) {
        attendance.joined(session, participant, displayName, role, clock.instant());
    }

    /** Who took part, for the recording's manifest (system call). */
    public List<jp.rinjo.scheduling.attendance.Attendance> attendance(SessionId session) {
        return attendance.forSession(session);
    }

    /** The contract a session belongs to, for filing its recording (system call). */
    public java.util.Optional<ContractNo> contractOf(SessionId session) {
        return sessions.find(session).map(InspectionSession::contractNo);
    }

    /** The session with its contract and inspector, for the recording's manifest to say which inspection it is (system call). */
    public java.util.Optional<SessionView> record(SessionId session) {
        return sessions.find(session).map(s -> new SessionView(s, contracts.find(s.contractNo()).orElseThrow(), inspectorName(s.inspectorId())));
    }

    public SessionView schedule(Actor actor, SessionDraft d) {
        Require.present(d.contractNo(), "contractNo");
        // as typed first: a number stored before numbers were normalised keeps its form
        Contract contract = contracts.find(new ContractNo(d.contractNo()))
                .or(() -> contracts.find(ContractNo.normalized(d.contractNo())))
                .orElseThrow(() -> RinjoException.notFound("contract " + d.contractNo()));
        User caller = AccessPolicy.requireManage(actor, contract.department());
        User inspector = d.inspectorId() == null ? caller : users.find(d.inspectorId())
                .orElseThrow(() -> RinjoException.invalid("inspectorId does not name an account"));
        requireCanLead(inspector, contract);
        Require.present(d.window(), "window");
        requirePlausible(d.window());
        requireNotEnded(d.window());
        InspectionSession s = InspectionSession.schedule(contract.no(), d.type(), d.window(), d.place(), inspector.id(),
                clock.instant());
        sessions.insert(s);
        return new SessionView(s, contract, inspector.displayName());
    }

    /** The responsible inspector must be able to see, join and end the session, or the contractor waits for nobody. */
    private static void requireCanLead(User inspector, Contract contract) {
        Require.that(inspector.active(), "the responsible inspector " + inspector.loginName() + " has a disabled account");
        Require.that(inspector.role() != UserRole.CLERK, "the responsible inspector " + inspector.loginName()
                + " is a records clerk: it must be an inspector or admin");
        Require.that(AccessPolicy.mayManage(inspector, contract.department()), "the responsible inspector "
                + inspector.loginName() + " is of " + inspector.department() + ", not of the contract's department "
                + contract.department());
    }

    private void requireNotEnded(TimeWindow window) {
        Require.that(window.end().isAfter(clock.instant()), "the window has already ended");
    }

    public SessionView get(Actor actor, SessionId id) {
        SessionView v = view(id);
        if (actor instanceof Actor.Invited inv) {
            if (!inv.sessionId().equals(id)) {
                throw RinjoException.notFound("session " + id);
            }
            return v;
        }
        AccessPolicy.requireRead(actor, v.contract().department());
        return v;
    }

    /** Sessions overlapping [from, to) in the caller's department (all for admins). */
    public List<SessionView> list(Actor actor, Instant from, Instant to, int limit) {
        Require.that(to.isAfter(from), "'to' must be after 'from'");
        Require.that(Duration.between(from, to).toDays() <= 366, "at most one year at a time");
        Require.that(limit >= 1 && limit <= 500, "limit must be 1–500");
        return sessions.inWindow(from, to, AccessPolicy.departmentFilter(actor), limit).stream()
                .map(s -> new SessionView(s, contracts.find(s.contractNo()).orElseThrow(), inspectorName(s.inspectorId())))
                .toList();
    }

    public List<SessionView> forContract(Actor actor, ContractNo no) {
        Contract c = contracts.find(no).orElseThrow(() -> RinjoException.notFound("contract " + no));
        AccessPolicy.requireRead(actor, c.department());
        return sessions.forContract(no).stream()
                .map(s -> new SessionView(s, c, inspectorName(s.inspectorId()))).toList();
    }

    public SessionView reschedule(Actor actor, SessionId id, TimeWindow window, String place) {
        SessionView v = view(id);
        AccessPolicy.requireManage(actor, v.contract().department());
        Require.present(window, "window");
        requirePlausible(window);
        requireNotEnded(window);
        return withContract(sessions.update(v.session().reschedule(window, place)), v);
    }

    private static void requirePlausible(TimeWindow w) {
        PlausibleDates.require(w.start(), "window start");
        PlausibleDates.require(w.end(), "window end");
    }

    public SessionView cancel(Actor actor, SessionId id) {
        SessionView v = view(id);
        AccessPolicy.requireManage(actor, v.contract().department());
        return withContract(sessions.update(v.session().cancel(clock.instant())), v);
    }

    public SessionView end(Actor actor, SessionId id, InspectionResult result) {
        Require.present(result, "result");
        Require.that(result.kind().givenByInspector(), "result " + result.kind() + " is set by the system only (a session nobody ended); "
                + "end with PASS, FAIL or INSTRUCTION");
        SessionView v = view(id);
        requireSessionLead(actor, v);
        return withContract(sessions.update(v.session().end(result, clock.instant())), v);
    }

    /**
     * Closes the live sessions nobody ended once their links have expired (system call, no actor), so
     * that their recordings are sealed and filed: an inspector who left the call without pressing 終了
     * must not leave the evidence on the media node for good. So too a scheduled session that someone
     * joined but nobody who leads it did, as long after its window: what the contractor streamed while
     * waiting is evidence as well, and by then the session was neither moved nor cancelled. A session
     * changed meanwhile (ended by its inspector, or lapsed by another signaling node) is left to that change.
     *
     * @return the sessions this call closed, each to be treated as an ended one (connections let go, seal asked for)
     */
    public List<SessionView> lapseAbandoned(int limit) {
        Instant now = clock.instant();
        List<SessionView> lapsed = new java.util.ArrayList<>();
        for (InspectionSession s : sessions.abandonedWithWindowEndedBefore(now.minus(InspectionSession.MAX_OVERRUN), limit)) {
            try {
                lapsed.add(viewOf(sessions.update(s.lapse(now))));
            } catch (RinjoException e) {
                if (e.code() != ErrorCode.CONFLICT) {
                    throw e;
                }
            }
        }
        return lapsed;
    }

    /** What {@link SessionRepository#closedWithoutSealRequest} finds, with contract and inspector (system call). */
    public List<SessionView> closedWithoutSealRequest(Instant from, Instant to, int limit) {
        return sessions.closedWithoutSealRequest(from, to, limit).stream().map(this::viewOf).toList();
    }

    /**
     * Someone was admitted to the call (signaling, once the join is authorised). The session goes live
     * only when someone who leads it — who may end it with a result — is there within its window, early
     * entry included. Contractors, observers and clerks waiting, or an inspector opening the call days
     * before, leave it scheduled: it can still be moved, and its links keep their expiry. Retried once
     * on a concurrent change.
     */
    public InspectionSession admitted(Actor actor, SessionId id) {
        for (int attempt = 0; ; attempt++) {
            SessionView v = view(id);
            InspectionSession s = v.session();
            Instant now = clock.instant();
            if (s.status() == SessionStatus.LIVE || !leads(actor, v)
                    || now.isBefore(s.window().start().minus(earlyEntry)) || !now.isBefore(s.window().end())) {
                return s;
            }
            try {
                return sessions.update(s.goLive(now));
            } catch (RinjoException e) {
                if (e.code() != ErrorCode.CONFLICT || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    /** Whether the actor leads the session: what {@link #requireSessionLead} lets through. */
    private static boolean leads(Actor actor, SessionView v) {
        if (actor instanceof Actor.Invited inv) {
            return inv.sessionId().equals(v.session().id()) && inv.role() == jp.rinjo.scheduling.invitation.ParticipantRole.INSPECTOR;
        }
        return AccessPolicy.mayManage(AccessPolicy.loggedIn(actor), v.contract().department());
    }

    /** Inspectors of the department (or an inspector-role invitee of this session) lead it. */
    private void requireSessionLead(Actor actor, SessionView v) {
        if (actor instanceof Actor.Invited inv) {
            if (inv.sessionId().equals(v.session().id()) && inv.role() == jp.rinjo.scheduling.invitation.ParticipantRole.INSPECTOR) {
                return;
            }
            throw RinjoException.forbidden("only an inspector may end the session");
        }
        AccessPolicy.requireManage(actor, v.contract().department());
    }

    SessionView view(SessionId id) {
        return viewOf(sessions.find(id).orElseThrow(() -> RinjoException.notFound("session " + id)));
    }

    private SessionView viewOf(InspectionSession s) {
        return new SessionView(s, contracts.find(s.contractNo()).orElseThrow(), inspectorName(s.inspectorId()));
    }

    private SessionView withContract(InspectionSession s, SessionView v) {
        return new SessionView(s, v.contract(), v.inspectorName());
    }

    private String inspectorName(UserId id) {
        return users.find(id).map(User::displayName).orElse("?");
    }
}
