package jp.rinjo.scheduling.lateresult;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;

/** The late results in this process's memory: for tests and tools that run without a database. */
public final class InMemoryLateResults implements LateResults {
    private final Map<SessionId, LateResult> kept = new HashMap<>();

    @Override
    public synchronized void record(LateResult late) {
        if (kept.putIfAbsent(late.sessionId(), late) != null) {
            throw RinjoException.conflict("session " + late.sessionId() + " has its late result already");
        }
    }

    @Override
    public synchronized Optional<LateResult> forSession(SessionId session) {
        return Optional.ofNullable(kept.get(session));
    }

    @Override
    public synchronized Map<SessionId, LateResult> forSessions(Collection<SessionId> sessions) {
        Map<SessionId, LateResult> found = new HashMap<>();
        for (SessionId s : sessions) {
            LateResult late = kept.get(s);
            if (late != null) {
                found.put(s, late);
            }
        }
        return Map.copyOf(found);
    }
}
