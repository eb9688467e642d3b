package jp.rinjo.media.recording.spool;

import java.time.Instant;

/** The node's wall clock in microseconds, as the media engine stamps packets. */
final class Clocks {
    private Clocks() {
    }

    /** µs since the epoch as ISO-8601 UTC, for log lines. */
    static String utc(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
    }

    static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
