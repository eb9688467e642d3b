package jp.rinjo.common.time;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Japan Standard Time, the zone every time shown to a user is in; the zone is always printed. */
public final class Jst {
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'JST'").withZone(ZONE);
    private static final DateTimeFormatter PRECISE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS 'JST'").withZone(ZONE);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZONE);

    private Jst() {
    }

    /** e.g. {@code 2026-11-26 14:00 JST}. */
    public static String display(Instant instant) {
        return DISPLAY.format(instant);
    }

    /** To the millisecond, for evidence, e.g. {@code 2026-11-26 14:12:03.250 JST}. */
    public static String precise(Instant instant) {
        return PRECISE.format(instant);
    }

    /** A recorded wall-clock time in microseconds since the epoch, {@link #precise} as. */
    public static String preciseMicros(long epochMicros) {
        return precise(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000L));
    }

    /** e.g. {@code 2026-11-26T14:00:00+09:00}: what the API returns next to the UTC instant. */
    public static String iso(Instant instant) {
        return ISO.format(instant);
    }
}
