package jp.rinjo.media.recording.verify;

import java.time.Instant;

/** Small formatting helpers for messages. */
final class Messages {
    private static final int MAX_PRINTED = 80;

    private Messages() {
    }

    /** {@code tracks/t/12.seg} → 12. */
    static long sequenceOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        try {
            return Long.parseLong(name.substring(0, dot));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * A value from the manifest, quoted, as it can be printed: control characters (NUL included)
     * escaped, and cut short, so a forged manifest cannot garble the report or the terminal.
     */
    static String printable(String value) {
        StringBuilder sb = new StringBuilder("'");
        value.codePoints().limit(MAX_PRINTED).forEach(c -> {
            if (Character.isISOControl(c) || c == '\'' || c == '\\') {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append(value.codePointCount(0, value.length()) > MAX_PRINTED ? "…'" : "'").toString();
    }

    static String utc(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
    }
}
