package jp.rinjo.archive.index;

import java.util.Optional;
import java.util.function.Consumer;

import jp.rinjo.common.id.SessionId;

/** The index of sealed recordings. Blocking (JDBC): never call on an event loop. */
public interface RecordingIndex {
    /** What {@link #upsert} did. */
    enum Upsert { INSERTED, UPDATED }

    /**
     * Inserts the entry, or replaces the indexed facts of the same session (idempotent, for
     * reindexing). The integrity result is kept unless the entry's manifest differs from the indexed one.
     */
    Upsert upsert(RecordingEntry entry);

    Optional<RecordingEntry> find(SessionId session);

    /**
     * @param departmentScope only this department's recordings (the caller's), or all when null;
     *                        the query's own department filter applies as well
     */
    SearchPage search(SearchQuery query, String departmentScope, ContractMatch contracts);

    void setIntegrity(SessionId session, Integrity integrity);

    /** @return false when there was no such entry */
    boolean delete(SessionId session);

    /** Every indexed session id (for reindexing: which entries no longer have a manifest). */
    void forEachSession(Consumer<SessionId> each);
}
