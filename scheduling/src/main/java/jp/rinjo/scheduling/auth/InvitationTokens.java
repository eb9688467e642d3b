package jp.rinjo.scheduling.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.InvitationId;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.time.Jst;
import jp.rinjo.scheduling.invitation.Invitation;
import jp.rinjo.scheduling.invitation.ParticipantRole;
import jp.rinjo.scheduling.session.TimeWindow;

/**
 * Invitation tokens: bound to one invitation, session and role, valid from {@code earlyEntry} before
 * the window opens until the window closes. Revocation, the session's current window and whether it
 * is live (then it admits until the longest overrun past the window's end) are checked by the caller:
 * a token alone cannot know it was revoked, that its session was rescheduled or that it overran.
 */
public final class InvitationTokens {
    /** Carries the window's start, so that which window a token was issued for does not depend on today's early entry. */
    static final String KIND = "i2";
    /** Tokens issued before the window's start was carried: their window is told by the early entry configured now. */
    static final String KIND_V1 = "i1";
    private final SignedTokenCodec codec;
    private final Duration earlyEntry;

    public InvitationTokens(SigningKey key, Duration earlyEntry) {
        this.codec = new SignedTokenCodec(key);
        this.earlyEntry = earlyEntry;
    }

    /** @param windowStart the start of the window the token was issued for; null in an {@code i1} token */
    public record Claims(InvitationId invitationId, SessionId sessionId, ParticipantRole role, Instant notBefore,
                         Instant expiresAt, Instant windowStart) {
        public void requireOpened(Instant now) {
            if (now.isBefore(notBefore)) {
                throw new RinjoException(ErrorCode.TOKEN_NOT_YET_VALID, "this invitation opens at " + Jst.display(notBefore));
            }
        }

        public void requireNotExpired(Instant now) {
            if (!now.isBefore(expiresAt)) {
                throw new RinjoException(ErrorCode.TOKEN_EXPIRED, "this invitation expired at " + Jst.display(expiresAt));
            }
        }
    }

    public String issue(Invitation invitation, TimeWindow window) {
        Instant nbf = notBefore(window);
        return codec.sign(KIND, List.of(invitation.id().value(), invitation.sessionId().value(), invitation.role().name(),
                Long.toString(nbf.getEpochSecond()), Long.toString(window.end().getEpochSecond()),
                Long.toString(window.start().getEpochSecond())));
    }

    /** Checks signature and validity period at {@code now}; never logs the token. */
    public Claims verify(String token, Instant now) {
        Claims claims = read(token);
        claims.requireOpened(now);
        claims.requireNotExpired(now);
        return claims;
    }

    /**
     * Checks shape and signature only; never logs the token. Whether it admits anyone now also depends
     * on its session (its current window, whether it is live), which only the caller knows.
     */
    public Claims read(String token) {
        boolean v1 = token != null && token.startsWith(KIND_V1 + ".");
        List<String> f = v1 ? codec.verify(KIND_V1, token, 5) : codec.verify(KIND, token, 6);
        try {
            return new Claims(InvitationId.of(f.get(0)), SessionId.of(f.get(1)), ParticipantRole.valueOf(f.get(2)),
                    Instant.ofEpochSecond(Long.parseLong(f.get(3))), Instant.ofEpochSecond(Long.parseLong(f.get(4))),
                    v1 ? null : Instant.ofEpochSecond(Long.parseLong(f.get(5))));
        } catch (RuntimeException e) {
            throw new RinjoException(ErrorCode.TOKEN_INVALID, "the invitation token is malformed");
        }
    }

    /**
     * Whether the token was issued for this window. Tokens are derived from the window, so a reschedule
     * gives every invitation a new token, and one issued for the old window no longer matches.
     */
    public boolean issuedFor(Claims claims, TimeWindow window) {
        Instant start = claims.windowStart() != null ? claims.windowStart() : claims.notBefore().plus(earlyEntry);
        return start.equals(window.start().truncatedTo(ChronoUnit.SECONDS))
                && claims.expiresAt().equals(window.end().truncatedTo(ChronoUnit.SECONDS));
    }

    private Instant notBefore(TimeWindow window) {
        return window.start().minus(earlyEntry);
    }
}
