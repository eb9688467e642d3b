package jp.rinjo.scheduling.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.time.Jst;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.auth.InvitationTokens;
import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.invitation.InvitationRepository;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.scheduling.session.SessionStatus;

/** Inviting people to a session and resolving the tokens they come back with. Blocking. */
public final class InvitationService {
    private final InvitationRepository invitations;
    private final SessionService sessions;
    private final InvitationTokens tokens;
    private final Clock clock;

    public record InvitationDraft(ParticipantRole role, String displayName, String email) {
    }

    /** An invitation with its current token. Tokens are deterministic, so listing re-derives them. */
    public record IssuedInvitation(Invitation invitation, String token, SessionService.SessionView session) {
    }

    public InvitationService(InvitationRepository invitations, SessionService sessions, InvitationTokens tokens, Clock clock) {
        this.invitations = invitations;
        this.sessions = sessions;
        this.tokens = tokens;
        this.clock = clock;
    }

    public IssuedInvitation invite(Actor actor, SessionId sessionId, InvitationDraft d) {
        SessionService.SessionView v = sessions.view(sessionId);
        AccessPolicy.requireManage(actor, v.contract().department());
        if (v.session().status().isFinal()) {
            throw new RinjoException(ErrorCode.SESSION_CLOSED, "the session is " + v.session().status());
        }
        requireAdmitsGuests(v.session());
        Invitation inv = new Invitation(InvitationId.random(), sessionId, d.role(), d.displayName(), d.email(),
                clock.instant(), null);
        invitations.insert(inv);
        return new IssuedInvitation(inv, tokens.issue(inv, v.session().window()), v);
    }

    /** A link that could never admit anyone is not issued: its QR code and calendar entry would only mislead. */
    private void requireAdmitsGuests(InspectionSession s) {
        Instant until = s.guestsAdmittedUntil();
        if (!clock.instant().isBefore(until)) {
            throw new RinjoException(ErrorCode.WINDOW_ENDED, s.status() == SessionStatus.LIVE
                    ? "the session has run past its window for as long as a session may (until " + Jst.display(until)
                            + "): its links admit nobody any more; end it"
                    : "the session's window ended at " + Jst.display(until) + ": reschedule it before inviting anyone");
        }
    }

    public List<IssuedInvitation> list(Actor actor, SessionId sessionId) {
        SessionService.SessionView v = sessions.view(sessionId);
        AccessPolicy.requireManage(actor, v.contract().department());
        return invitations.forSession(sessionId).stream()
                .map(i -> new IssuedInvitation(i, i.revoked() ? null : tokens.issue(i, v.session().window()), v)).toList();
    }

    public IssuedInvitation get(Actor actor, InvitationId id) {
        Invitation inv = invitations.find(id).orElseThrow(() -> RinjoException.notFound("invitation " + id));
        SessionService.SessionView v = sessions.view(inv.sessionId());
        AccessPolicy.requireManage(actor, v.contract().department());
        return new IssuedInvitation(inv, inv.revoked() ? null : tokens.issue(inv, v.session().window()), v);
    }

    public void revoke(Actor actor, InvitationId id) {
        Invitation inv = invitations.find(id).orElseThrow(() -> RinjoException.notFound("invitation " + id));
        SessionService.SessionView v = sessions.view(inv.sessionId());
        AccessPolicy.requireManage(actor, v.contract().department());
        if (!invitations.revoke(id, clock.instant())) {
            throw RinjoException.conflict("the invitation was already revoked");
        }
    }

    /**
     * Turns a presented token into the guest it admits: signature, revocation, the session still being
     * open, the token being issued for the session's current window and that window's validity period
     * (while the session is live, up to {@link InspectionSession#MAX_OVERRUN} past its end) are all
     * checked here, on every use.
     */
    /**
     * Only that the token is one this deployment signed (no database, no clock): cheap enough to refuse a
     * stranger before reading what they send, e.g. a still's megabytes. {@link #resolve} does the rest.
     */
    public void requireSigned(String token) {
        tokens.read(token);
    }

    public Actor.Invited resolve(String token) {
        InvitationTokens.Claims claims = tokens.read(token);
        Invitation inv = invitationOf(claims);
        InspectionSession s = sessions.view(inv.sessionId()).session();
        if (s.status().isFinal()) {
            throw new RinjoException(ErrorCode.SESSION_CLOSED, "this session has already " +
                    (s.status() == SessionStatus.ENDED ? "ended" : "been cancelled"));
        }
        return admitted(claims, inv, s);
    }

    /**
     * How the session a guest's link was for ended, for the guest who opens it afterwards (reconnecting
     * after the end, or the next morning to read the 指示事項): the same link checks as {@link #resolve}
     * but for the validity period, which a closed session no longer needs.
     *
     * @throws RinjoException CONFLICT while the session is not over (the link admits its guest then)
     */
    public SessionService.SessionView outcome(String token) {
        InvitationTokens.Claims claims = tokens.read(token);
        Invitation inv = invitationOf(claims);
        SessionService.SessionView v = sessions.view(inv.sessionId());
        if (!v.session().status().isFinal()) {
            throw RinjoException.conflict("the session is not over: the link admits its guest");
        }
        requireIssuedFor(claims, v.session());
        return v;
    }

    /** The link was made for the session's current window; one sent before a reschedule is withdrawn. */
    private void requireIssuedFor(InvitationTokens.Claims claims, InspectionSession s) {
        if (!tokens.issuedFor(claims, s.window())) {
            // the page's screen for this code says the link was withdrawn and to open the new one if one came
            throw new RinjoException(ErrorCode.TOKEN_REVOKED,
                    "the session was rescheduled after this link was sent: the inspector's new link replaces it");
        }
    }

    private Invitation invitationOf(InvitationTokens.Claims claims) {
        Invitation inv = invitations.find(claims.invitationId())
                .orElseThrow(() -> new RinjoException(ErrorCode.TOKEN_INVALID, "this invitation does not exist"));
        if (inv.revoked()) {
            throw new RinjoException(ErrorCode.TOKEN_REVOKED, "this invitation was withdrawn by the inspector");
        }
        if (!inv.sessionId().equals(claims.sessionId()) || inv.role() != claims.role()) {
            throw new RinjoException(ErrorCode.TOKEN_INVALID, "the token does not match its invitation");
        }
        return inv;
    }

    private Actor.Invited admitted(InvitationTokens.Claims claims, Invitation inv, InspectionSession s) {
        requireIssuedFor(claims, s);
        Instant now = clock.instant();
        claims.requireOpened(now);
        if (s.status() != SessionStatus.LIVE) {
            claims.requireNotExpired(now);
        } else if (!now.isBefore(s.guestsAdmittedUntil())) {
            // Inspections overrun their window: while the session is live its guests (and anyone invited
            // during the overrun) can still come back after a network drop, but a session nobody ended
            // does not keep its links working for good. Ending it closes the door at once.
            throw new RinjoException(ErrorCode.TOKEN_EXPIRED, "this invitation expired at " + Jst.display(s.guestsAdmittedUntil()));
        }
        return new Actor.Invited(inv.id(), inv.sessionId(), inv.role(), inv.displayName());
    }
}
