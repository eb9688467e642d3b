package jp.rinjo.media.recording.verify;

import java.time.Instant;

/** Small formatting helpers for messages. */
final class Messages {
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

    static String utc(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
    }
}
