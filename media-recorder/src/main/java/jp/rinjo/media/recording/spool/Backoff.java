package jp.rinjo.media.recording.spool;

import java.time.Duration;

/** Exponential backoff: 500 ms, 1 s, 2 s, … up to a cap; back to the start after a success. */
final class Backoff {
    private static final long INITIAL_MILLIS = 500;
    private final long capMillis;
    private long next = INITIAL_MILLIS;

    Backoff(Duration cap) {
        this.capMillis = Math.max(INITIAL_MILLIS, cap.toMillis());
    }

    /** The wait before the next attempt; each call doubles the following one, up to the cap. */
    long nextDelayMillis() {
        long d = next;
        next = Math.min(capMillis, next * 2);
        return d;
    }

    long capMillis() {
        return capMillis;
    }

    void reset() {
        next = INITIAL_MILLIS;
    }
}
