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

    /** True when this playback is to be audited now (and remembered as audited). */
    boolean due(String userId, String sessionId, String participantId) {
        Instant now = clock.instant();
        if (lastRecorded.size() > PRUNE_ABOVE) {
            lastRecorded.values().removeIf(t -> t.plus(window).isBefore(now));
        }
        boolean[] due = {false};
        lastRecorded.compute(userId + "|" + sessionId + "|" + participantId, (k, last) -> {
            if (last == null || !now.isBefore(last.plus(window))) {
                due[0] = true;
                return now;
            }
            return last;
        });
        return due[0];
    }
}
