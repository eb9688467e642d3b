package jp.rinjo.common.error;

import java.util.Objects;

/** Validation helpers for record constructors: each failure is a {@link ErrorCode#VALIDATION_FAILED}. */
public final class Require {
    private Require() {
    }

    public static String text(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw RinjoException.invalid(field + " is required");
        }
        String trimmed = value.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > maxLength) {
            throw RinjoException.invalid(field + " is longer than " + maxLength + " characters");
        }
        if (trimmed.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
            throw RinjoException.invalid(field + " contains control characters");
        }
        return trimmed;
    }

    /** Optional text: null or blank becomes null, otherwise validated like {@link #text}. */
    public static String optionalText(String value, String field, int maxLength) {
        return value == null || value.isBlank() ? null : text(value, field, maxLength);
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw RinjoException.invalid(field + " is required");
        }
        return value;
    }

    public static void that(boolean condition, String message) {
        if (!condition) {
            throw RinjoException.invalid(message);
        }
    }

    public static <T> T nonNull(T value, String field) {
        return Objects.requireNonNull(value, field);
    }
}
