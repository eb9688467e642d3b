package jp.rinjo.signaling.ws;

import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.session.SessionStatus;
import jp.rinjo.signaling.http.SessionEvents;
import jp.rinjo.signaling.protocol.ServerMessage;
import jp.rinjo.signaling.room.RoomHub;

/**
 * Live connections follow what the REST API decided: when a session is ended or cancelled everyone
 * in it is told (the {@code session} message) and then let go (bye {@code session-ended} or
 * {@code session-cancelled}); when an invitation is withdrawn its guest is told {@code token-revoked}
 * and let go. Both go over the session's bus, so they reach connections on every signaling node.
 */
public final class LiveSessionEvents implements SessionEvents {
    private static final Logger log = LoggerFactory.getLogger(LiveSessionEvents.class);
    private final RoomHub hub;

    public LiveSessionEvents(RoomHub hub) {
        this.hub = hub;
    }

    @Override
    public void closed(SessionService.SessionView v) {
        var s = v.session();
        String reason = s.status() == SessionStatus.CANCELLED ? "session-cancelled" : "session-ended";
        ServerMessage state = new ServerMessage.SessionState(s.status().name(),
                s.result() == null ? null : s.result().kind().name(),
                s.result() == null ? null : s.result().kind().label(),
                s.result() == null ? null : s.result().note());
        hub.markOver(s.id());
        // chained, so that every node hands each connection the news before its bye
        logFailure(hub.broadcast(s.id(), null, state).thenCompose(x -> hub.dismiss(s.id(), null, null, reason)),
                "closing the connections of session " + s.id());
    }

    @Override
    public void invitationRevoked(Invitation invitation) {
        logFailure(hub.dismiss(invitation.sessionId(), JoinAuthorizer.participantId(invitation.sessionId(), "inv:" + invitation.id()),
                new ServerMessage.Error(null, ErrorCode.TOKEN_REVOKED.wireName(), "the inspector withdrew this invitation"),
                ErrorCode.TOKEN_REVOKED.wireName()), "letting go of the guest of revoked invitation " + invitation.id());
    }

    private static void logFailure(CompletionStage<Void> stage, String what) {
        stage.whenComplete((v, e) -> {
            if (e != null) {
                log.warn("{} failed: {}", what, e.toString());
            }
        });
    }
}
