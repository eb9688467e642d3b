package jp.rinjo.signaling.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.Scheduling;
import jp.rinjo.scheduling.auth.Actor;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.user.UserRole;
import jp.rinjo.signaling.protocol.ClientMessage;

/**
 * Decides whether a join is allowed and as whom. Blocking (database): runs on a worker.
 *
 * <p>The participant id is derived from the session and the person (invitation or account), so a
 * phone that drops and comes back — through any node — is the same participant, and its old
 * connection is replaced rather than left as a ghost.
 */
public final class JoinAuthorizer {
    private final Scheduling scheduling;

    JoinAuthorizer(Scheduling scheduling) {
        this.scheduling = scheduling;
    }

    JoinGrant authorize(ClientMessage.Join join, String cookieLogin) {
        if (join.invitation() != null && !join.invitation().isBlank()) {
            Actor.Invited guest = scheduling.invitations().resolve(join.invitation());
            if (join.sessionId() != null && !join.sessionId().equals(guest.sessionId().value())) {
                throw new RinjoException(ErrorCode.TOKEN_INVALID, "the invitation is for another session");
            }
            SessionService.SessionView view = scheduling.sessions().get(guest, guest.sessionId());
            scheduling.sessions().admitted(guest, guest.sessionId());
            return attended(new JoinGrant(view, participantId(guest.sessionId(), "inv:" + guest.invitationId()), guest.role(),
                    guest.displayName(), null));
        }
        String login = join.auth() != null && !join.auth().isBlank() ? join.auth() : cookieLogin;
        if (login == null) {
            throw new RinjoException(ErrorCode.UNAUTHENTICATED, "join needs an invitation token or a login");
        }
        Actor.LoggedIn user = scheduling.auth().authenticate(login);
        if (join.sessionId() == null) {
            throw RinjoException.invalid("sessionId is required when joining with a login");
        }
        SessionId sessionId = SessionId.of(join.sessionId());
        SessionService.SessionView view = scheduling.sessions().get(user, sessionId);
        if (view.session().status().isFinal()) {
            throw new RinjoException(ErrorCode.SESSION_CLOSED, "the session is " + view.session().status());
        }
        // an inspector may wait in the room before the window; only one who leads it, in its window, makes it live
        scheduling.sessions().admitted(user, sessionId);
        ParticipantRole role = user.user().role() == UserRole.CLERK ? ParticipantRole.OBSERVER : ParticipantRole.INSPECTOR;
        return attended(new JoinGrant(view, participantId(sessionId, "usr:" + user.user().id()), role, user.displayName(), login));
    }

    private JoinGrant attended(JoinGrant g) {
        scheduling.sessions().recordAttendance(g.session().session().id(), g.participantId(), g.displayName(), g.role());
        return g;
    }

    /** The participant id of a person in a session: the same on every join ({@code inv:<invitation id>}, {@code usr:<user id>}). */
    public static ParticipantId participantId(SessionId session, String person) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((session.value() + "|" + person).getBytes(StandardCharsets.UTF_8));
            String alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
            StringBuilder sb = new StringBuilder(ParticipantId.PREFIX).append('_');
            for (int i = 0; i < 20; i++) {
                sb.append(alphabet.charAt((h[i] & 0xff) % 32));
            }
            return ParticipantId.of(sb.toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
