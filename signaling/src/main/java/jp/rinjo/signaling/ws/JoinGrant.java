package jp.rinjo.signaling.ws;

import jp.rinjo.common.id.ParticipantId;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.service.SessionService;

/**
 * The outcome of an authorised join: which session, as whom, in which role.
 *
 * @param login the login token the join was authorised with; null when it was an invitation
 */
record JoinGrant(SessionService.SessionView session, ParticipantId participantId, ParticipantRole role,
                 String displayName, String login) {
}
