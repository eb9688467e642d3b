package jp.rinjo.scheduling.annotation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.rinjo.common.id.SessionId;

/** The annotations in this process's memory: for tests and tools that run without a database. */
public final class InMemorySessionAnnotations implements SessionAnnotations {
    private final int bound;
    private final Map<SessionId, List<SessionAnnotation>> kept = new HashMap<>();
    private final Map<SessionId, Long> notKept = new HashMap<>();

    public InMemorySessionAnnotations() {
        this(KEPT_PER_SESSION);
    }

    public InMemorySessionAnnotations(int bound) {
        this.bound = bound;
    }

    @Override
    public synchronized boolean keep(SessionAnnotation annotation) {
        List<SessionAnnotation> list = kept.computeIfAbsent(annotation.sessionId(), s -> new ArrayList<>());
        if (list.size() >= bound) {
            notKept.merge(annotation.sessionId(), 1L, Long::sum);
            return false;
        }
        list.add(annotation);
        return true;
    }

    @Override
    public synchronized Kept forSession(SessionId session) {
        List<SessionAnnotation> inOrder = new ArrayList<>(kept.getOrDefault(session, List.of()));
        inOrder.sort(java.util.Comparator.comparing(SessionAnnotation::at)); // stable: as kept within the same instant
        return new Kept(inOrder, notKept.getOrDefault(session, 0L));
    }
}
