package jp.rinjo.media.sdp;

import java.util.regex.Pattern;

/**
 * One {@code <type>=<value>} line with its 1-based number, and the value checks the parser needs.
 * Every check throws {@link SdpException} naming this line, never another exception.
 */
record SdpLine(int number, String text) {
    private static final Pattern BLANKS = Pattern.compile("[ \\t]+");

    char type() {
        return text.charAt(0);
    }

    /** Everything after {@code <type>=}. */
    String value() {
        return text.substring(2);
    }

    /** For {@code a=} lines: the attribute name, up to the first colon. */
    String attributeName() {
        String v = value();
        int colon = v.indexOf(':');
        return colon < 0 ? v : v.substring(0, colon);
    }

    /** For {@code a=} lines: the attribute value after the first colon, or null for a flag attribute. */
    String attributeValue() {
        String v = value();
        int colon = v.indexOf(':');
        return colon < 0 ? null : v.substring(colon + 1);
    }

    /** The attribute value, required to be present and not blank. */
    String requiredAttributeValue() {
        String v = attributeValue();
        if (v == null || v.isBlank()) {
            throw error("a=" + attributeName() + " needs a value");
        }
        return v.trim();
    }

    SdpException error(String problem) {
        return new SdpException(problem, number, text);
    }

    /** A decimal integer in [min, max]. */
    int parseInt(String s, int min, int max, String what) {
        return (int) parseLong(s, min, max, what);
    }

    /** A decimal integer in [min, max]; digits only, no sign, at most 10 digits (so no overflow). */
    long parseLong(String s, long min, long max, String what) {
        if (s == null || s.isEmpty() || s.length() > 10) {
            throw error(what + " must be a number " + min + "-" + max + ", got '" + clip(s) + "'");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw error(what + " must be a number " + min + "-" + max + ", got '" + clip(s) + "'");
            }
            v = v * 10 + (c - '0');
        }
        if (v < min || v > max) {
            throw error(what + " must be " + min + "-" + max + ", got " + v);
        }
        return v;
    }

    /**
     * An RFC 8866 §9 token (identification tags such as mids, encoding names, semantics):
     * 1–{@code maxLength} of the visible ASCII characters except the tspecials.
     */
    String requireToken(String s, int maxLength, String what) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            throw error(what + " must be 1-" + maxLength + " token characters, got '" + clip(s) + "'");
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                throw error(what + " has a character not allowed in a token: '" + clip(s) + "'");
            }
        }
        return s;
    }

    /** RFC 8839 §5.4 ice-chars (ALPHA / DIGIT / "+" / "/"), length within [min, max]. */
    String requireIceChars(String s, int min, int max, String what) {
        if (s.length() < min || s.length() > max) {
            throw error(what + " must be " + min + "-" + max + " characters, got " + s.length());
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                throw error(what + " may contain only letters, digits, '+' and '/' (RFC 8839 §5.4)");
            }
        }
        return s;
    }

    /** Splits on runs of spaces and tabs, ignoring leading and trailing ones. */
    static String[] fields(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : BLANKS.split(t);
    }

    private static boolean isTokenChar(char c) {
        if (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
            return true;
        }
        return "!#$%&'*+-.^_`{|}~".indexOf(c) >= 0;
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 24 ? s : s.substring(0, 21) + "...";
    }
}
