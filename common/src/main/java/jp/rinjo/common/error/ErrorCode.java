package jp.rinjo.common.error;

/**
 * Stable error codes shared by the REST API and the signaling protocol. Clients switch on the code,
 * never on the message, so a code once published is never renamed.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400),
    MALFORMED_JSON(400),
    MESSAGE_TOO_LARGE(413),
    UNKNOWN_MESSAGE_TYPE(400),
    UNSUPPORTED_VERSION(400),
    RATE_LIMITED(429),
    UNAUTHENTICATED(401),
    BAD_CREDENTIALS(401),
    TOKEN_INVALID(401),
    TOKEN_EXPIRED(401),
    TOKEN_NOT_YET_VALID(401),
    TOKEN_REVOKED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    SESSION_CLOSED(409),
    NOT_JOINED(409),
    MEDIA_UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code as it appears on the wire: lower-case with dashes, e.g. {@code token-expired}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
