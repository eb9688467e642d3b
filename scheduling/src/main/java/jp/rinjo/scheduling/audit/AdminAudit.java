package jp.rinjo.scheduling.audit;

import java.util.function.Supplier;

/**
 * Where administrative acts are written for an auditor: in a deployment, the archive's hash-chained
 * audit log in the same database (scheduling does not depend on the archive; the launcher wires it).
 *
 * <p>An act and its row are kept together or not at all. If the row cannot be written the act fails
 * and nothing of it is kept, as the archive serves no evidence it could not audit: an act that
 * stayed without its row could never be traced, and one recorded once only (a late result) could not
 * even be repeated to write it.
 */
public interface AdminAudit {
    /**
     * Runs {@code work} (the act's writes to the database) and appends {@code act}'s row in the same
     * transaction; returns what work returned. When work throws, nothing is appended. Work may run
     * again if another writer took the row's place in the chain meanwhile, so it may only write to the
     * database. Blocking.
     */
    <T> T audited(AdminAct act, Supplier<T> work);
}
