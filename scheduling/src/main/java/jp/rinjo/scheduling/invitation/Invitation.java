package jp.rinjo.scheduling.invitation;

import java.time.Instant;
import java.util.regex.Pattern;

import jp.rinjo.common.error.Require;
import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.SessionId;

/** An invitation of one person, in one role, to one session. The link carries a signed token for it. */
public record Invitation(InvitationId id, SessionId sessionId, ParticipantRole role, String displayName, String email,
                         Instant createdAt, Instant revokedAt) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public Invitation {
        Require.present(id, "id");
        Require.present(sessionId, "sessionId");
        Require.present(role, "role");
        displayName = Require.text(displayName, "displayName", 100);
        email = Require.optionalText(email, "email", 254);
        Require.that(email == null || EMAIL.matcher(email).matches(), "email is not an e-mail address");
        Require.present(createdAt, "createdAt");
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
