package jp.rinjo.scheduling.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.UserId;

/**
 * Login tokens of inspectors, clerks and admins: user id, issue time and expiry, signed. The issue
 * time is compared with the user's {@code tokensValidAfter} to honour logout on every node.
 */
public final class LoginTokens {
    static final String KIND = "u1";
    private final SignedTokenCodec codec;
    private final Duration lifetime;

    public LoginTokens(SigningKey key, Duration lifetime) {
        this.codec = new SignedTokenCodec(key);
        this.lifetime = lifetime;
    }

    public record Claims(UserId userId, Instant issuedAt, Instant expiresAt) {
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issue(UserId user, Instant now) {
        // Millisecond issue time: a login right after a logout in the same second must stay valid.
        return codec.sign(KIND, List.of(user.value(), Long.toString(now.toEpochMilli()),
                Long.toString(now.plus(lifetime).toEpochMilli())));
    }

    public Claims verify(String token, Instant now) {
        Claims c = read(token);
        if (!now.isBefore(c.expiresAt())) {
            throw new RinjoException(ErrorCode.TOKEN_EXPIRED, "the login has expired; please log in again");
        }
        return c;
    }

    /** Checks shape and signature only: whose login it is and when it was issued, expired or not. */
    public Claims read(String token) {
        List<String> f = codec.verify(KIND, token, 3);
        Claims c;
        try {
            c = new Claims(UserId.of(f.get(0)), Instant.ofEpochMilli(Long.parseLong(f.get(1))),
                    Instant.ofEpochMilli(Long.parseLong(f.get(2))));
        } catch (RuntimeException e) {
            throw new RinjoException(ErrorCode.TOKEN_INVALID, "the login token is malformed");
        }
        return c;
    }
}
