package jp.rinjo.scheduling.session;

import java.time.Duration;
import java.time.Instant;

import jp.rinjo.common.error.Require;

/** The scheduled window of a session: end after start, at most a working day long. */
public record TimeWindow(Instant start, Instant end) {
    public static final Duration MAX_LENGTH = Duration.ofHours(12);

    public TimeWindow {
        Require.present(start, "window start");
        Require.present(end, "window end");
        Require.that(end.isAfter(start), "window end must be after its start");
        Require.that(Duration.between(start, end).compareTo(MAX_LENGTH) <= 0, "window must not be longer than 12 hours");
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
