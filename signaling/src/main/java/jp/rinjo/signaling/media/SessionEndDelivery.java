package jp.rinjo.signaling.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.scheduling.seal.SealRequests;
import jp.rinjo.scheduling.session.InspectionSession;

/**
 * Tells a session's media node that the session ended, so that it seals the recording, and keeps
 * telling it while the node cannot be reached: a node that is down or restarting at that moment
 * would otherwise never seal (its spool keeps the recording across a restart, but nothing asks it
 * again). Only a session that went live, or that someone joined, is asked about: one cancelled, or
 * ended, before anybody joined its call has nothing recorded, and sealing it would file an empty
 * signed recording. A definite answer from the node ends the retries: success or refusal; so does
 * the give-up time, after which the log says how to seal the
 * session from the evidence store. Each request is kept in {@link SealRequests} until then, and
 * {@link #resume()} asks again for those a previous run of signaling left open.
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
    private final SealRequests requests;
    private final Function<SessionId, MediaGateway.SessionEnd> attendees;
    private final Timer timer;
    private final Executor blocking;
    private final Clock clock;

    /**
     * @param attendees who took part in a session and which inspection it is (read from the database: call on a blocking thread)
     * @param blocking  where the requests store is written from the gateway's callbacks
     */
    public SessionEndDelivery(MediaGateway media, Policy policy, SealRequests requests,
                              Function<SessionId, MediaGateway.SessionEnd> attendees, Timer timer, Executor blocking, Clock clock) {
        this.media = media;
        this.policy = policy;
        this.requests = requests;
        this.attendees = attendees;
        this.timer = timer;
        this.blocking = blocking;
        this.clock = clock;
    }

    /**
     * The session ended or was cancelled: asks its node to seal, if it ever went live. Call on a
     * blocking thread (it writes the request down first).
     */
    public void deliver(InspectionSession closed) {
        SessionId session = closed.id();
        MediaGateway.SessionEnd present = attendees.apply(session);
        if (!closed.wentLive() && present.attendees().isEmpty()) {
            log.info("session {}: {} without having gone live, and nobody joined its call; nothing was recorded, nothing to seal",
                    session, closed.status().name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        // someone who joined early (before the window, or a clerk) may have been recorded: their recording is sealed too
        requests.requested(session, clock.instant());
        attempt(session, present, 1, policy.first(), clock.instant().plus(policy.giveUpAfter()));
    }

    /**
     * Asks again for every request made within the give-up time that a previous run left open (it
     * stopped before the node answered). Call once at start, on a blocking thread.
     *
     * @return how many
     */
    public int resume() {
        List<SessionId> open = requests.open(clock.instant().minus(policy.giveUpAfter()));
        for (SessionId session : open) {
            log.warn("session {}: its media node had not confirmed the seal when signaling last stopped; asking again", session);
            attempt(session, attendees.apply(session), 1, policy.first(), clock.instant().plus(policy.giveUpAfter()));
        }
        return open.size();
    }

    private void finish(SessionId session, String outcome) {
        blocking.execute(() -> {
            try {
                requests.finished(session, clock.instant(), outcome);
            } catch (RuntimeException e) {
                log.warn("session {}: could not note that its seal request is finished ({}); the next start asks again", session,
                        e.toString());
            }
        });
    }

    private void attempt(SessionId session, MediaGateway.SessionEnd attendees, int attempt, Duration delay, Instant giveUpAt) {
        media.sessionEnded(session, attendees).whenComplete((ok, failure) -> {
            if (failure == null) {
                log.info("session {}: recording sealed{}", session, attempt > 1 ? " (attempt " + attempt + ")" : "");
                finish(session, "sealed");
                return;
            }
            Throwable cause = unwrap(failure);
            String remedy = " If its media node is gone for good, seal it from the evidence store: ./rinjo seal-lost " + session
                    + " --why \"...\"";
            if (cause instanceof RinjoException r && r.code() == ErrorCode.CONFLICT) {
                // sealed before (asked again after a restart before the answer was noted), or being sealed now
                log.info("session {}: {}", session, cause.getMessage());
                finish(session, "already sealed: " + cause.getMessage());
            } else if (!unreachable(cause)) {
                log.error("session {}: the media node refused to seal the recording: {}.{}", session, cause.toString(), remedy);
                finish(session, "refused: " + cause);
            } else if (clock.instant().plus(delay).isAfter(giveUpAt)) {
                log.error("session {}: no media node could be told that the session ended (attempt {}, last: {}); giving up.{}",
                        session, attempt, cause.toString(), remedy);
                finish(session, "gave up after " + attempt + " attempts: " + cause);
            } else {
                log.warn("session {}: the media node could not be told that the session ended ({}); trying again in {} ms",
                        session, cause.toString(), delay.toMillis());
                Duration next = delay.multipliedBy(2).compareTo(policy.max()) > 0 ? policy.max() : delay.multipliedBy(2);
                timer.schedule(delay, () -> attempt(session, attendees, attempt + 1, next, giveUpAt));
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** No node answered (none registered, connection refused, timeout): worth asking again. */
    static boolean unreachable(Throwable cause) {
        return cause instanceof java.io.IOException || cause instanceof RinjoException r && r.code() == ErrorCode.MEDIA_UNAVAILABLE;
    }
}
