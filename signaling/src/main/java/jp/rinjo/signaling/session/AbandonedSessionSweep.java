package jp.rinjo.signaling.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.time.Jst;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.scheduling.session.InspectionSession;
import jp.rinjo.signaling.http.SessionEvents;

/**
 * Sees that every session's recording gets sealed even when nobody, or nothing, asked for it:
 * <ul>
 * <li>closes the live sessions nobody ended once their invitation links have expired (and the
 * scheduled ones a contractor joined while nobody who leads them did), and treats each as an ended session (whoever is still connected is told and let go, its media node is asked to
 * seal). Without it, an inspector who closes the browser instead of pressing 終了 leaves the session
 * live for good and its recording unsealed on the media node, out of the archive;</li>
 * <li>asks for the seal of a session closed recently whose request was never written down (the ask
 * failed between the session's change and its request, e.g. a database error): nothing else would
 * ask again, since only written requests are retried.</li>
 * </ul>
 * Every signaling node runs it; the database's optimistic concurrency lets one of them close each
 * session, and a seal asked twice is answered once by the node. Blocking: run on a worker thread.
 */
public final class AbandonedSessionSweep {
    private static final Logger log = LoggerFactory.getLogger(AbandonedSessionSweep.class);
    private static final int BATCH = 100;
    /** A session closed just now may be having its request written by the request that closed it. */
    private static final Duration SETTLE = Duration.ofMinutes(1);

    private final SessionService sessions;
    private final SessionEvents events;
    private final Consumer<InspectionSession> askSeal;
    private final Duration lookBack;
    private final Clock clock;

    /**
     * @param askSeal  asks the session's media node to seal it (writing the request down first)
     * @param lookBack how far back to look for closed sessions never asked about: as long as a seal is asked for
     */
    public AbandonedSessionSweep(SessionService sessions, SessionEvents events, Consumer<InspectionSession> askSeal, Duration lookBack,
                                 Clock clock) {
        this.sessions = sessions;
        this.events = events;
        this.askSeal = askSeal;
        this.lookBack = lookBack;
        this.clock = clock;
    }

    /** Closes what has lapsed by now and asks for the seals never asked for; returns how many sessions it closed. */
    public int runOnce() {
        int closed = 0;
        List<SessionService.SessionView> lapsed;
        do {
            lapsed = sessions.lapseAbandoned(BATCH);
            for (SessionService.SessionView v : lapsed) {
                var s = v.session();
                log.warn("session {} ({} {}) was left {}, its window ended {}; closed without a result, "
                        + "its media node is asked to seal it", s.id(), s.contractNo(), s.type().label(),
                        s.wentLive() ? "live: nobody ended it" : "scheduled: someone joined, nobody who leads it did",
                        Jst.display(s.window().end()));
                try {
                    events.closed(v);
                } catch (RuntimeException e) {
                    // closed already: the next run finds it among the closed sessions never asked about
                    log.warn("session {}: asking for its seal failed ({}); asked again on the next sweep", s.id(), e.toString());
                }
            }
            closed += lapsed.size();
        } while (lapsed.size() == BATCH);
        Instant now = clock.instant();
        for (SessionService.SessionView v : sessions.closedWithoutSealRequest(now.minus(lookBack), now.minus(SETTLE), BATCH)) {
            InspectionSession s = v.session();
            log.warn("session {} was {} at {} but its media node was never asked to seal it; asking now", s.id(),
                    s.status().name().toLowerCase(java.util.Locale.ROOT), Jst.display(s.endedAt()));
            try {
                askSeal.accept(s);
            } catch (RuntimeException e) {
                log.warn("session {}: asking for its seal failed again ({}); asked again on the next sweep", s.id(), e.toString());
            }
        }
        return closed;
    }
}
