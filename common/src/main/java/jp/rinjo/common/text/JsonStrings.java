package jp.rinjo.common.text;

/** A JSON string literal, for the few places that write small JSON by hand (no JSON library there). */
public final class JsonStrings {
    private JsonStrings() {
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s == null ? 2 : s.length() + 16).append('"');
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
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
        }
        return sb.append('"').toString();
    }
}
