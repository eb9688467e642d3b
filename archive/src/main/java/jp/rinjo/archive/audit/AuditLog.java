package jp.rinjo.archive.audit;

import java.util.List;

/** The append-only, hash-chained audit log. Blocking (JDBC). */
public interface AuditLog {
    /** Appends at the end of the chain; safe from several threads and nodes at once. */
    AuditRecord append(AuditEvent event);

    /**
     * Newest first.
     *
     * @param sessionId only rows about this recording, or all when null
     * @param beforeSeq only rows before this seq (paging), or from the newest when null
     */
    List<AuditRecord> list(String sessionId, Long beforeSeq, int limit);

    /** Reads the whole chain in order and recomputes every link. */
    ChainCheck verify();
}
