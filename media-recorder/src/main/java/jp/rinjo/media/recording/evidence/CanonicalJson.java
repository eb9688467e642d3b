package jp.rinjo.media.recording.evidence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jp.rinjo.common.text.JsonStrings;

/**
 * Canonical JSON as signed in manifests: object keys sorted (by UTF-16 code units, as RFC 8785),
 * no insignificant whitespace, strings escaped only where JSON requires it, integers only (no
 * floats; within ±2^53 so every JSON reader reads them exactly). The same value always gives the
 * same bytes, so a verifier can re-serialise what it parsed and expect the signed bytes back.
 *
 * <p>Values: {@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Long}/{@code Integer},
 * {@code Boolean}, {@code null}.
 */
public final class CanonicalJson {
    private static final long MAX_SAFE = (1L << 53) - 1;

    private CanonicalJson() {
    }

    public static byte[] bytes(Object value) {
        return string(value).getBytes(StandardCharsets.UTF_8);
    }

    public static String string(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            JsonStrings.appendQuoted(sb, s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            long n = ((Number) v).longValue();
            if (n > MAX_SAFE || n < -MAX_SAFE) {
                throw new IllegalArgumentException("integer " + n + " is outside ±2^53: write it as a string");
            }
            sb.append(n);
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put((String) k, x));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                JsonStrings.appendQuoted(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, l.get(i));
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("not a canonical JSON value: " + v.getClass().getName()
                    + " (floats are not allowed; use integers or strings)");
        }
    }
}
