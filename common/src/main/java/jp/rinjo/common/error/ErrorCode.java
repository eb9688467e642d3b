package jp.rinjo.common.error;

/**
 * Stable error codes shared by the REST API and the signaling protocol. Clients switch on the code,
 * never on the message, so a code once published is never renamed.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400),
    MALFORMED_JSON(400),
    MESSAGE_TOO_LARGE(413),
    /** A body of a type the endpoint does not take (a still that is not a JPEG). */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** An image that cannot be decoded (a stored still whose JPEG is damaged): nothing can be made from it. */
    UNREADABLE_IMAGE(422),
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
    /**
     * The act would leave no active administrator: another admin demoted or disabled the one asking at the
     * same moment (an admin can never do it to their own account).
     */
    LAST_ADMIN(409),
    /** The session has as many remote stills as one session may have (stills.max-per-session): no more are asked for or taken. */
    STILL_LIMIT_REACHED(409),
    /** The session's window (or, while live, its longest overrun) has passed: reschedule it (or end it) first. */
    WINDOW_ENDED(409),
    MEDIA_UNAVAILABLE(503),
    /** A recording's retention period has not ended: it may not be deleted yet. */
    RETENTION_ACTIVE(409),
    /** A legal hold is set on the contract: none of its recordings may be deleted. */
    LEGAL_HOLD(409),
    /** The evidence store refuses to delete (S3 object lock, compliance mode): nothing was deleted. */
    OBJECT_LOCKED(409),
    /** The evidence store cannot be reached; try again later. */
    STORE_UNAVAILABLE(503),
    /** The time-stamping authority cannot be reached or refused; try again later. */
    TIMESTAMP_UNAVAILABLE(503),
    /** A Range header outside the object. */
    RANGE_NOT_SATISFIABLE(416),
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
