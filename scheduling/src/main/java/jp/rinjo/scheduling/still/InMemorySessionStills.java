package jp.rinjo.scheduling.still;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jp.rinjo.common.error.RinjoException;
import jp.rinjo.common.id.SessionId;
import jp.rinjo.common.id.StillId;

/** The stills' descriptions in this process's memory: for tests and tools that run without a database. */
public final class InMemorySessionStills implements SessionStills {
    private final Map<SessionId, List<SessionStill>> kept = new HashMap<>();
    private final Set<StillId> ids = new HashSet<>();

    @Override
    public synchronized void keep(SessionStill still) {
        if (!ids.add(still.id())) {
            throw RinjoException.conflict("still " + still.id() + " is kept already");
        }
        kept.computeIfAbsent(still.sessionId(), s -> new ArrayList<>()).add(still);
    }

    @Override
    public synchronized List<SessionStill> forSession(SessionId session) {
        List<SessionStill> inOrder = new ArrayList<>(kept.getOrDefault(session, List.of()));
        inOrder.sort(Comparator.comparing(SessionStill::takenAt)); // stable: as kept within the same instant
        return List.copyOf(inOrder);
    }

    @Override
    public synchronized int count(SessionId session) {
        return kept.getOrDefault(session, List.of()).size();
    }
}
