package jp.rinjo.scheduling.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.session.TimeWindow;

/**
 * Invitation tokens: bound to one invitation, session and role, valid from {@code earlyEntry} before
 * the window opens until the window closes. Revocation is checked against the invitation's record
 * by the caller (a token alone cannot know it was revoked).
 */
public final class InvitationTokens {
    static final String KIND = "i1";
    private final SignedTokenCodec codec;
    private final Duration earlyEntry;

    public InvitationTokens(SigningKey key, Duration earlyEntry) {
        this.codec = new SignedTokenCodec(key);
        this.earlyEntry = earlyEntry;
    }

    public record Claims(InvitationId invitationId, SessionId sessionId, ParticipantRole role, Instant notBefore,
                         Instant expiresAt) {
    }

    public String issue(Invitation invitation, TimeWindow window) {
        Instant nbf = window.start().minus(earlyEntry);
        return codec.sign(KIND, List.of(invitation.id().value(), invitation.sessionId().value(), invitation.role().name(),
                Long.toString(nbf.getEpochSecond()), Long.toString(window.end().getEpochSecond())));
    }

    /** Checks signature and validity period at {@code now}; never logs the token. */
    public Claims verify(String token, Instant now) {
        List<String> f = codec.verify(KIND, token, 5);
        Claims claims;
        try {
            claims = new Claims(InvitationId.of(f.get(0)), SessionId.of(f.get(1)), ParticipantRole.valueOf(f.get(2)),
                    Instant.ofEpochSecond(Long.parseLong(f.get(3))), Instant.ofEpochSecond(Long.parseLong(f.get(4))));
        } catch (RuntimeException e) {
            throw new RinjoException(ErrorCode.TOKEN_INVALID, "the invitation token is malformed");
        }
        if (now.isBefore(claims.notBefore())) {
            throw new RinjoException(ErrorCode.TOKEN_NOT_YET_VALID,
                    "this invitation opens at " + jp.rinjo.common.time.Jst.display(claims.notBefore()));
        }
        if (!now.isBefore(claims.expiresAt())) {
            throw new RinjoException(ErrorCode.TOKEN_EXPIRED,
                    "this invitation expired at " + jp.rinjo.common.time.Jst.display(claims.expiresAt()));
        }
        return claims;
    }
}
