package jp.rinjo.common.text;

/**
 * A JSON string literal, for the few places that write small JSON by hand (no JSON library there).
 * The escapes are those of RFC 8785 (JSON canonicalization), so the evidence manifest's canonical
 * form uses the same: two-character escapes where JSON has them, six-character ones for the other
 * control characters, everything else as it is.
 */
public final class JsonStrings {
    private JsonStrings() {
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s == null ? 2 : s.length() + 16);
        if (s == null) {
            return sb.append("\"\"").toString();
        }
        return appendQuoted(sb, s).toString();
    }

    /** Appends {@code s} as a JSON string literal to {@code sb}, and returns {@code sb}. */
    public static StringBuilder appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
