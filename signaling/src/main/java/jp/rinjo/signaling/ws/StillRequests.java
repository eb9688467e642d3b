package jp.rinjo.signaling.ws;

import java.time.Instant;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.Ids;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.signaling.live.Presence;
import jp.rinjo.signaling.protocol.ClientMessage;
import jp.rinjo.signaling.protocol.ServerMessage;

/**
 * The inspector's {@code still-request}: told to everyone in the session with a request id, so that the
 * contractor's phone takes a still (and uploads it with that id) and the others show it is being taken.
 * Only the inspector asks (an observer or a guest does not direct the contractor), and only while a
 * contractor is in the session to answer.
 */
final class StillRequests {
    /** Request ids: {@code srq_} and 20 random characters, what the upload's {@code request} parameter must look like. */
    static final String PREFIX = "srq";

    private final SocketServices s;
    private final SessionMessages.Reporter reporter;

    StillRequests(SocketServices services, SessionMessages.Reporter reporter) {
        this.s = services;
        this.reporter = reporter;
    }

    void request(Presence p, ClientMessage.StillRequest m) {
        if (s.hub().isOver(p.sessionId())) {
            throw new RinjoException(ErrorCode.SESSION_CLOSED, "the session is over");
        }
        if (p.role() != ParticipantRole.INSPECTOR) {
            throw RinjoException.forbidden("only the inspector asks the contractor for a still");
        }
        String id = Ids.random(PREFIX);
        String at = Instant.now(s.clock()).toString();
        reporter.report(m.ref(), s.hub().presences(p.sessionId()).thenCompose(all -> {
            if (all.stream().noneMatch(other -> other.role() == ParticipantRole.CONTRACTOR)) {
                throw new RinjoException(ErrorCode.NOT_FOUND, "no contractor is in the session to take the still");
            }
            // the ref is the asker's: on another client it could match one of that client's own requests
            return s.hub().broadcast(p.sessionId(), p.participantId(), new ServerMessage.StillRequest(null, id, p.participantId().value(),
                    p.displayName(), at)).thenCompose(v -> s.hub().sendTo(p.sessionId(), p.participantId(),
                    new ServerMessage.StillRequest(m.ref(), id, p.participantId().value(), p.displayName(), at)));
        }));
    }
}
