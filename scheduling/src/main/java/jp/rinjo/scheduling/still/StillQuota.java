package jp.rinjo.scheduling.still;

import java.util.HashMap;
import java.util.Map;

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
    private final Map<SessionId, Integer> underWay = new HashMap<>();

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
        @Override
        void close();
    }

    /** Blocking (database): refuses with STILL_LIMIT_REACHED when the session has no room for another still. */
    public void requireRoom(SessionId session) {
        int taken;
        synchronized (this) {
            taken = underWay.getOrDefault(session, 0);
        }
        check(session, stills.count(session) + taken);
    }

    /**
     * Blocking (database): holds a place for a still about to be stored, or refuses with STILL_LIMIT_REACHED.
     * Close the place once the still is listed (or failed). The check and the hold are one step, so two
     * uploads cannot both take the last place.
     */
    public synchronized Place reserve(SessionId session) {
        int taken = underWay.getOrDefault(session, 0);
        check(session, stills.count(session) + taken);
        underWay.put(session, taken + 1);
        return new Place() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (StillQuota.this) {
                    if (!closed) {
                        closed = true;
                        underWay.computeIfPresent(session, (s, n) -> n > 1 ? n - 1 : null);
                    }
                }
            }
        };
    }

    private void check(SessionId session, int has) {
        if (has >= max) {
            throw new RinjoException(ErrorCode.STILL_LIMIT_REACHED, "session " + session + " has " + max
                    + " stills, as many as a session may have (stills.max-per-session)");
        }
    }
}
