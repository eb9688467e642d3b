package jp.rinjo.signaling.http;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.scheduling.still.SessionStill;
import jp.rinjo.scheduling.still.SessionStills;

/**
 * Describes a recorded still in the database so the session's list shows it, and goes on trying when the
 * database refuses: the photo is in the recording already, so the phone is answered that it arrived, and a
 * database that was down for a moment must not leave the inspector's list (read when the call page opens
 * again) without it. The tries stop when the description is kept, when the database says it was kept by an
 * earlier try whose answer was lost (a CONFLICT), or after {@link #GIVE_UP_AFTER}; the sealed recording lists
 * the still whatever happens here. Tries pending when the node stops are not resumed.
 */
final class StillListing {
    private static final Logger log = LoggerFactory.getLogger(StillListing.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(30);

    private final SessionStills stills;
    private final ApiSupport api;

    StillListing(SessionStills stills, ApiSupport api) {
        this.stills = stills;
        this.api = api;
    }

    /**
     * What became of one still's description.
     *
     * @param firstTry completes when the first try has ended, kept or not (what the upload waits for)
     * @param listed   true once kept, false when the tries gave up; it completes when no try is left
     */
    record Outcome(Future<Void> firstTry, Future<Boolean> listed) {
    }

    Outcome keep(Vertx vertx, SessionStill still) {
        Promise<Boolean> listed = Promise.promise();
        Future<Void> first = attempt(still).onSuccess(v -> listed.complete(true)).recover(e -> {
            log.warn("session {}: still {} by {} is recorded but could not be listed; trying again for up to {} min: {}",
                    still.sessionId(), still.id(), still.by(), GIVE_UP_AFTER.toMinutes(), e.toString());
            retryLater(vertx, still, FIRST_RETRY, System.nanoTime() + GIVE_UP_AFTER.toNanos(), 2, listed);
            return Future.succeededFuture();
        });
        return new Outcome(first, listed.future());
    }

    private void retryLater(Vertx vertx, SessionStill still, Duration wait, long deadline, int attemptNo, Promise<Boolean> listed) {
        vertx.setTimer(wait.toMillis(), t -> attempt(still)
                .onSuccess(v -> {
                    log.info("session {}: still {} is listed now (try {})", still.sessionId(), still.id(), attemptNo);
                    listed.complete(true);
                })
                .onFailure(e -> {
                    Duration next = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
                    if (System.nanoTime() + next.toNanos() - deadline > 0) {
                        log.error("session {}: still {} could not be listed after {} tries over {} min; it is in the recording, and "
                                + "the sealed recording lists it, but the call page's list of stills will not: {}", still.sessionId(),
                                still.id(), attemptNo, GIVE_UP_AFTER.toMinutes(), e.toString());
                        listed.complete(false);
                        return;
                    }
                    log.debug("session {}: still {} not listed at try {}: {}", still.sessionId(), still.id(), attemptNo, e.toString());
                    retryLater(vertx, still, next, deadline, attemptNo + 1, listed);
                }));
    }

    /** One try, off the event loop; a CONFLICT means an earlier try's row is there. */
    private Future<Void> attempt(SessionStill still) {
        return api.<Void>run(() -> {
            try {
                stills.keep(still);
            } catch (RinjoException e) {
                if (e.code() != ErrorCode.CONFLICT) {
                    throw e;
                }
            }
            return null;
        });
    }
}
