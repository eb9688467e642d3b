package jp.rinjo.archive.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which playback requests become audit rows: a player asks for a new byte range on every
 * seek, and a row per range would bury the log. One row per person, recording and rendition within
 * the window (per node; a second node writes its own row, which errs on the side of more rows).
 */
final class PlayAudit {
    private static final int PRUNE_ABOVE = 10_000;
    private final ConcurrentHashMap<String, Instant> lastRecorded = new ConcurrentHashMap<>();
    private final Duration window;
    private final Clock clock;

    PlayAudit(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /**
     * True when this playback is to be audited now: no row for it was written within the window.
     * Asking does not remember anything; only {@link #recorded} does, once the row is written, so a
     * failed write leaves the next request due. Two requests racing here may both write a row,
     * which errs on the side of more rows.
     */
    boolean due(String userId, String sessionId, String participantId) {
        Instant last = lastRecorded.get(key(userId, sessionId, participantId));
        return last == null || !clock.instant().isBefore(last.plus(window));
    }

    /** Remembers that this playback's audit row was written just now. */
    void recorded(String userId, String sessionId, String participantId) {
        Instant now = clock.instant();
        if (lastRecorded.size() > PRUNE_ABOVE) {
            lastRecorded.values().removeIf(t -> t.plus(window).isBefore(now));
        }
        lastRecorded.merge(key(userId, sessionId, participantId), now, (a, b) -> a.isAfter(b) ? a : b);
    }

    private static String key(String userId, String sessionId, String participantId) {
        return userId + "|" + sessionId + "|" + participantId;
    }
}
