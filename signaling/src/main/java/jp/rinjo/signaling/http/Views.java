package jp.rinjo.signaling.http;

import java.time.Instant;
import java.time.LocalDate;

import jp.rinjo.common.time.Jst;
import jp.rinjo.scheduling.contract.Contract;
import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.lateresult.LateResult;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.user.User;
import jp.rinjo.signaling.protocol.ServerMessage;

/**
 * JSON shapes of the REST API. Times are ISO instants in UTC plus the same time in JST for display,
 * so a page never has to guess the zone.
 */
public final class Views {
    private Views() {
    }

    public record TimeView(Instant utc, String jst, String display) {
        public static TimeView of(Instant t) {
            return t == null ? null : new TimeView(t, Jst.iso(t), Jst.display(t));
        }
    }

    public record ContractView(String no, String name, String contractor, String department, LocalDate periodStart,
                               LocalDate periodEnd, String location, TimeView createdAt, TimeView updatedAt) {
    }

    public record ResultView(String kind, String label, String note) {
    }

    /**
     * A lapsed session's result recorded afterwards (事後記録): beside {@code result}, which stays LAPSED as
     * the recording's manifest signs it, never in its place.
     */
    public record LateResultView(String kind, String label, String note, String recordedById, String recordedByName,
                                 TimeView recordedAt) {
        public static LateResultView of(LateResult l) {
            return l == null ? null : new LateResultView(l.kind().name(), l.kind().label(), l.note(), l.recordedBy().value(),
                    l.recordedByName(), TimeView.of(l.recordedAt()));
        }
    }

    public record SessionJson(String id, String contractNo, String contractName, String contractor, String department,
                              String inspectionType, String inspectionTypeLabel, TimeView windowStart, TimeView windowEnd,
                              String place, String inspectorId, String inspectorName, String status, ResultView result,
                              LateResultView lateResult, TimeView startedAt, TimeView endedAt, int version) {
    }

    public record InvitationJson(String id, String sessionId, String role, String roleLabel, String displayName, String email,
                                 TimeView createdAt, TimeView revokedAt, String link, String qrCodeUrl, String icsUrl) {
    }

    public record UserView(String id, String loginName, String displayName, String department, String role, boolean active) {
    }

    public static ContractView contract(Contract c) {
        return new ContractView(c.no().value(), c.name(), c.contractor(), c.department(), c.periodStart(), c.periodEnd(),
                c.location(), TimeView.of(c.createdAt()), TimeView.of(c.updatedAt()));
    }

    /** A session that has no late result: one just scheduled, changed or ended (only a lapsed session can have one). */
    public static SessionJson session(SessionService.SessionView v) {
        return session(v, null);
    }

    /** @param late its result recorded afterwards, if it lapsed and has one */
    public static SessionJson session(SessionService.SessionView v, LateResult late) {
        InspectionSession s = v.session();
        return new SessionJson(s.id().value(), s.contractNo().value(), v.contract().name(), v.contract().contractor(),
                v.contract().department(), s.type().name(), s.type().label(), TimeView.of(s.window().start()),
                TimeView.of(s.window().end()), s.place(), s.inspectorId().value(), v.inspectorName(), s.status().name(),
                s.result() == null ? null : new ResultView(s.result().kind().name(), s.result().kind().label(), s.result().note()),
                LateResultView.of(late), TimeView.of(s.startedAt()), TimeView.of(s.endedAt()), s.version());
    }

    public static InvitationJson invitation(Invitation i, String link) {
        String base = "/api/invitations/" + i.id().value();
        return new InvitationJson(i.id().value(), i.sessionId().value(), i.role().name(), i.role().label(), i.displayName(),
                i.email(), TimeView.of(i.createdAt()), TimeView.of(i.revokedAt()), link,
                link == null ? null : base + "/qr.png", link == null ? null : base + "/invite.ics");
    }

    public static UserView user(User u) {
        return new UserView(u.id().value(), u.loginName(), u.displayName(), u.department(), u.role().name(), u.active());
    }

    /** The session as the signaling protocol's welcome message carries it. */
    public static ServerMessage.SessionInfo sessionInfo(SessionService.SessionView v) {
        InspectionSession s = v.session();
        return new ServerMessage.SessionInfo(s.id().value(), s.contractNo().value(), v.contract().name(), s.type().name(),
                s.type().label(), s.window().start().toString(), s.window().end().toString(),
                Jst.display(s.window().start()) + " – " + Jst.display(s.window().end()).substring(11), s.place(),
                v.inspectorName(), s.status().name());
    }
}
