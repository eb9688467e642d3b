package jp.rinjo.signaling.ws;

import java.time.Instant;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.Ids;
import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.signaling.live.Presence;
import jp.rinjo.signaling.protocol.ClientMessage;
import jp.rinjo.signaling.protocol.ServerMessage;

/**
 * The inspector's {@code still-request}: it names its {@code target}, the contractor whose video is on his
 * stage, and goes with a request id to that contractor's phone only, which takes a still and uploads it with
 * that id; the asker is told the id. With two phones streaming, a request told to everyone made both take a
 * photo of which only one was meant. Only the inspector asks (an observer or a guest does not direct the
 * contractor); a target that is not a contractor in the session is refused as an annotation's is
 * (ContractorTarget), and nobody is asked.
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
        ParticipantId target = ContractorTarget.STILL_REQUEST.parse(m.target());
        String id = Ids.random(PREFIX);
        String at = Instant.now(s.clock()).toString();
        reporter.report(m.ref(), s.hub().presences(p.sessionId()).thenCompose(all -> {
            ContractorTarget.STILL_REQUEST.among(all, target);
            // the ref is the asker's: on the phone it could match one of the phone's own requests
            return s.hub().sendTo(p.sessionId(), target, new ServerMessage.StillRequest(null, id, p.participantId().value(),
                    p.displayName(), at, target.value())).thenCompose(v -> s.hub().sendTo(p.sessionId(), p.participantId(),
                    new ServerMessage.StillRequest(m.ref(), id, p.participantId().value(), p.displayName(), at, target.value())));
        }));
    }
}
