package jp.rinjo.signaling.session;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.rinjo.common.time.Jst;
import jp.rinjo.scheduling.service.SessionService;
import jp.rinjo.signaling.http.SessionEvents;

/**
 * Closes the live sessions nobody ended once their invitation links have expired, and treats each
 * as an ended session: whoever is still connected is told and let go, and its media node is asked
 * to seal the recording. Without it, an inspector who closes the browser instead of pressing 終了
 * leaves the session live for good and its recording unsealed on the media node, out of the archive.
 * Every signaling node runs it; the database's optimistic concurrency lets one of them close each
 * session. Blocking: run on a worker thread.
 */
public final class AbandonedSessionSweep {
    private static final Logger log = LoggerFactory.getLogger(AbandonedSessionSweep.class);
    private static final int BATCH = 100;

    private final SessionService sessions;
    private final SessionEvents events;

    public AbandonedSessionSweep(SessionService sessions, SessionEvents events) {
        this.sessions = sessions;
        this.events = events;
    }

    /** Closes what has lapsed by now; returns how many sessions this call closed. */
    public int runOnce() {
        int closed = 0;
        List<SessionService.SessionView> lapsed;
        do {
            lapsed = sessions.lapseAbandoned(BATCH);
            for (SessionService.SessionView v : lapsed) {
                var s = v.session();
                log.warn("session {} ({} {}) was left live: nobody ended it, its window ended {}; closed without a result, its recording is sealed",
                        s.id(), s.contractNo(), s.type().label(), Jst.display(s.window().end()));
                events.closed(v);
            }
            closed += lapsed.size();
        } while (lapsed.size() == BATCH);
        return closed;
    }
}
