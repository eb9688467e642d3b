package jp.rinjo.signaling.http;

import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.service.SessionService;

/**
 * What the REST API tells the rest of the node after it has stored a change that live connections
 * must follow. Called on the blocking pool, inside the request that made the change.
 */
public interface SessionEvents {
    /** The session was ended or cancelled. */
    void closed(SessionService.SessionView session);

    /** The invitation was withdrawn: whoever is in the session with it must be let go. */
    void invitationRevoked(Invitation invitation);
}
