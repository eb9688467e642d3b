package jp.rinjo.media.recording.verify;

import java.time.Instant;

import jp.rinjo.common.time.Jst;

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

    /** A recorded wall-clock time as people read it here: JST, with the zone written out (e.g. {@code 2026-11-26 14:12:03.250 JST}). */
    static String jst(long micros) {
        return Jst.preciseMicros(micros);
    }

    static String jst(Instant t) {
        return Jst.precise(t);
    }

    /** An instant as a finding's parameter: µs since the epoch, like the recorded wall-clock times. */
    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /** A time-stamp's accuracy in the unit it is given in (RFC 3161 counts seconds, milliseconds and microseconds). */
    static String accuracy(long micros) {
        if (micros % 1_000_000 == 0) {
            return micros / 1_000_000 + " s";
        }
        return micros % 1000 == 0 ? micros / 1000 + " ms" : micros + " µs";
    }

    /** A length of time as people read it: {@code 5.0 s}, {@code 3 min 12 s}, {@code 1 h 05 min}, {@code 3 d 00 h}. */
    static String duration(long micros) {
        long m = Math.abs(micros);
        long s = m / 1_000_000;
        if (s < 60) {
            return String.format(java.util.Locale.ROOT, "%.1f s", m / 1e6);
        }
        if (s < 3_600) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(java.util.Locale.ROOT, "%d h %02d min", s / 3_600, s % 3_600 / 60);
        }
        return String.format(java.util.Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3_600);
    }
}
