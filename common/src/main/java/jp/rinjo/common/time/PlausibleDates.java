package jp.rinjo.common.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import jp.rinjo.common.error.RinjoException;

/**
 * The years a date or time typed into Rinjo may fall in. Java parses years far beyond what
 * PostgreSQL stores (and beyond what adding a month to survives), so a typo such as year 20260
 * would otherwise end in an internal error on one database and be stored on the other.
 */
public final class PlausibleDates {
    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2100;
    private static final Instant FROM = LocalDate.of(FIRST_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant UNTIL = LocalDate.of(LAST_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private PlausibleDates() {
    }

    public static Instant require(Instant t, String field) {
        if (t != null && (t.isBefore(FROM) || !t.isBefore(UNTIL))) {
            throw outOfRange(field);
        }
        return t;
    }

    public static LocalDate require(LocalDate d, String field) {
        if (d != null && (d.getYear() < FIRST_YEAR || d.getYear() > LAST_YEAR)) {
            throw outOfRange(field);
        }
        return d;
    }

    private static RinjoException outOfRange(String field) {
        return RinjoException.invalid(field + " must be in the years " + FIRST_YEAR + "–" + LAST_YEAR);
    }
}
