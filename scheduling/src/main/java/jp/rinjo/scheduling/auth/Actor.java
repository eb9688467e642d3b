package jp.rinjo.scheduling.auth;

import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.user.User;

/** Who is calling: a logged-in user, or a guest holding a valid invitation to one session. */
public sealed interface Actor {
    String displayName();

    record LoggedIn(User user) implements Actor {
        @Override
        public String displayName() {
            return user.displayName();
        }
    }

    record Invited(InvitationId invitationId, SessionId sessionId, ParticipantRole role, String displayName)
            implements Actor {
    }
}
