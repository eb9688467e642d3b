package jp.rinjo.scheduling.still;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jp.rinjo.common.error.ErrorCode;
import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;

/**
 * At most so many remote stills per session (stills.max-per-session): a button held down, a phone that
 * loops, or a script with the contractor's link must not fill the evidence store, which keeps every still
 * for the retention period and cannot take one back. The stills listed in {@link SessionStills} count,
 * and so do those this node is storing now (stored, not yet listed): uploads sent at once cannot all slip
 * under the limit. Nodes do not see each other's uploads under way, so with several signaling nodes a
 * session may end one or two over when its last uploads reach different nodes at the same moment.
 */
public final class StillQuota {
    private final SessionStills stills;
    private final int max;
    /** Stills this node is storing, per session; given back without waiting on anything (an event loop may do it). */
    private final ConcurrentHashMap<SessionId, Integer> underWay = new ConcurrentHashMap<>();
    /** One reservation at a time makes check and hold one step; only reservations (on worker threads) wait on it. */
    private final ReentrantLock reserving = new ReentrantLock();

    public StillQuota(SessionStills stills, int max) {
        if (max < 1) {
            throw RinjoException.invalid("stills.max-per-session must be at least 1");
        }
        this.stills = stills;
        this.max = max;
    }

    public int max() {
        return max;
    }

    /** A place for one still, held while it is stored and listed. */
    public interface Place extends AutoCloseable {
        /** Gives the place back (once; later calls do nothing); never blocks. */
        @Override
        void close();
    }

    /** Blocking (database): refuses with STILL_LIMIT_REACHED when the session has no room for another still. */
    public void requireRoom(SessionId session) {
        check(session, has(session));
    }

    /**
     * Blocking (database): whether the session has as many stills as it may have, so the inspector's page can
     * say so before anyone asks for another one.
     */
    public boolean isFull(SessionId session) {
        return has(session) >= max;
    }

    /**
     * Blocking (database): holds a place for a still about to be stored, or refuses with STILL_LIMIT_REACHED.
     * Close the place once the still is listed (or failed).
     */
    public Place reserve(SessionId session) {
        reserving.lock();
        try {
            check(session, has(session));
            underWay.merge(session, 1, Integer::sum);
        } finally {
            reserving.unlock();
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                underWay.computeIfPresent(session, (s, n) -> n > 1 ? n - 1 : null);
            }
        };
    }

    /**
     * The stills under way are read before the listed ones: a still is listed before its place is given
     * back, so one that finishes in between is counted twice (refusing at worst one early), never missed.
     */
    private int has(SessionId session) {
        int storing = underWay.getOrDefault(session, 0);
        return storing + stills.count(session);
    }

    private void check(SessionId session, int has) {
        if (has >= max) {
            throw new RinjoException(ErrorCode.STILL_LIMIT_REACHED, "session " + session + " has " + max
                    + " stills, as many as a session may have (stills.max-per-session)");
        }
    }
}
