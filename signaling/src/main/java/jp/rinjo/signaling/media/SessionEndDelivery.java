package jp.rinjo.signaling.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;

/**
 * Tells a session's media node that the session ended, so that it seals the recording, and keeps
 * telling it while the node cannot be reached: a node that is down or restarting at that moment
 * would otherwise never seal (its spool keeps the recording across a restart, but nothing asks it
 * again). A definite answer from the node ends the retries, success or refusal; so does the
 * give-up time, after which the log says how to seal the session from the evidence store.
 */
public final class SessionEndDelivery {
    private static final Logger log = LoggerFactory.getLogger(SessionEndDelivery.class);

    /** First delay, longest delay (the delay doubles up to it), and how long to keep trying. */
    public record Policy(Duration first, Duration max, Duration giveUpAfter) {
        public Policy {
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || giveUpAfter.isNegative()) {
                throw new IllegalArgumentException("media.end-retry: need 0 < first ≤ max and give-up ≥ 0");
            }
        }
    }

    /** Runs a task later (Vert.x timers in the server, so nothing is left running after it closes). */
    public interface Timer {
        void schedule(Duration delay, Runnable task);
    }

    private final MediaGateway media;
    private final Policy policy;
    private final Timer timer;
    private final Clock clock;

    public SessionEndDelivery(MediaGateway media, Policy policy, Timer timer, Clock clock) {
        this.media = media;
        this.policy = policy;
        this.timer = timer;
        this.clock = clock;
    }

    public void deliver(SessionId session, List<MediaGateway.Attendee> attendees) {
        attempt(session, attendees, 1, policy.first(), clock.instant().plus(policy.giveUpAfter()));
    }

    private void attempt(SessionId session, List<MediaGateway.Attendee> attendees, int attempt, Duration delay, Instant giveUpAt) {
        media.sessionEnded(session, attendees).whenComplete((ok, failure) -> {
            if (failure == null) {
                log.info("session {}: recording sealed{}", session, attempt > 1 ? " (attempt " + attempt + ")" : "");
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String remedy = " If its media node is gone for good, seal it from the evidence store: ./rinjo seal-lost " + session
                    + " --why \"...\"";
            if (!unreachable(cause)) {
                log.error("session {}: the media node refused to seal the recording: {}.{}", session, cause.toString(), remedy);
            } else if (clock.instant().plus(delay).isAfter(giveUpAt)) {
                log.error("session {}: no media node could be told that the session ended (attempt {}, last: {}); giving up.{}",
                        session, attempt, cause.toString(), remedy);
            } else {
                log.warn("session {}: the media node could not be told that the session ended ({}); trying again in {} ms",
                        session, cause.toString(), delay.toMillis());
                Duration next = delay.multipliedBy(2).compareTo(policy.max()) > 0 ? policy.max() : delay.multipliedBy(2);
                timer.schedule(delay, () -> attempt(session, attendees, attempt + 1, next, giveUpAt));
            }
        });
    }

    /** No node answered (none registered, connection refused, timeout): worth asking again. */
    static boolean unreachable(Throwable cause) {
        return !(cause instanceof RinjoException r) || r.code() == ErrorCode.MEDIA_UNAVAILABLE;
    }
}
