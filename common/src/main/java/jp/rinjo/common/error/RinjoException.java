package jp.rinjo.common.error;

/**
 * The one unchecked exception root of Rinjo. Every failure a caller can act on carries a stable
 * {@link ErrorCode}; the message is for humans and must never contain secrets (tokens, passwords).
 */
public class RinjoException extends RuntimeException {
    private final ErrorCode code;

    public RinjoException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public RinjoException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static RinjoException invalid(String message) {
        return new RinjoException(ErrorCode.VALIDATION_FAILED, message);
    }

    public static RinjoException notFound(String what) {
        return new RinjoException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static RinjoException forbidden(String message) {
        return new RinjoException(ErrorCode.FORBIDDEN, message);
    }

    public static RinjoException conflict(String message) {
        return new RinjoException(ErrorCode.CONFLICT, message);
    }
}
