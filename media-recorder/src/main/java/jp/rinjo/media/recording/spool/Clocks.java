package jp.rinjo.media.recording.spool;

import java.time.Instant;

/** The node's wall clock in microseconds, as the media engine stamps packets. */
final class Clocks {
    private Clocks() {
    }

    static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
