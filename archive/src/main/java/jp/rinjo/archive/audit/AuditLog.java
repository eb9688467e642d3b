package jp.rinjo.archive.audit;

import java.util.List;
import java.util.function.Supplier;

/** The append-only, hash-chained audit log. Blocking (JDBC). */
public interface AuditLog {
    /** Appends at the end of the chain; safe from several threads and nodes at once. */
    AuditRecord append(AuditEvent event);

    /**
     * Runs {@code work} and appends {@code event} in one transaction of the database both are in, so that
     * an act and its row are kept together or not at all: when work throws nothing is appended, and when
     * the row cannot be written nothing work wrote is kept. Work runs again when another appender took
     * the row's place meanwhile, so it may only write to that database.
     */
    <T> T appendWith(AuditEvent event, Supplier<T> work);

    /**
     * Newest first.
     *
     * @param sessionId only rows about this recording, or all when null
     * @param beforeSeq only rows before this seq (paging), or from the newest when null
     */
    default List<AuditRecord> list(String sessionId, Long beforeSeq, int limit) {
        return list(sessionId, beforeSeq, null, limit);
    }

    /**
     * Newest first, like {@link #list(String, Long, int)}; with {@code afterSeq} the {@code limit} rows just
     * after it (the nearest ones, not the newest), so that a page opened by its URL alone can find the page
     * newer than itself. At most one of {@code beforeSeq} and {@code afterSeq}.
     */
    List<AuditRecord> list(String sessionId, Long beforeSeq, Long afterSeq, int limit);

    /** Reads the whole chain in order and recomputes every link. */
    ChainCheck verify();
}
