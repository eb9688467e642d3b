package jp.rinjo.media.transport.stun;

import java.util.Objects;

/**
 * The ERROR-CODE attribute (RFC 8489 §14.8): a code 300–699 and a reason phrase.
 *
 * @param code   error class × 100 + number
 * @param reason human-readable reason phrase (UTF-8, at most 763 bytes on the wire)
 */
public record StunErrorCode(int code, String reason) {

    public static final StunErrorCode BAD_REQUEST = new StunErrorCode(400, "Bad Request");
    public static final StunErrorCode UNAUTHORIZED = new StunErrorCode(401, "Unauthorized");
    public static final StunErrorCode UNKNOWN_ATTRIBUTE = new StunErrorCode(420, "Unknown Attribute");
    public static final StunErrorCode ROLE_CONFLICT = new StunErrorCode(487, "Role Conflict");
    public static final StunErrorCode SERVER_ERROR = new StunErrorCode(500, "Server Error");

    public StunErrorCode {
        Objects.requireNonNull(reason, "reason");
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error code must be 300-699, got " + code);
        }
    }

    /** Same code, different reason phrase (e.g. to say which check failed). */
    public StunErrorCode withReason(String newReason) {
        return new StunErrorCode(code, newReason);
    }
}
