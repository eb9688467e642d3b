package jp.rinjo.scheduling.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The acts in this process's memory, after their work succeeded: for tests and tools that run
 * without the archive. Not transactional with a database, and kept only until the process ends.
 */
public final class InMemoryAdminAudit implements AdminAudit {
    private final List<AdminAct> acts = new ArrayList<>();

    @Override
    public <T> T audited(AdminAct act, Supplier<T> work) {
        T result = work.get();
        synchronized (acts) {
            acts.add(act);
        }
        return result;
    }

    /** Oldest first. */
    public List<AdminAct> acts() {
        synchronized (acts) {
            return List.copyOf(acts);
        }
    }
}
