package jp.rinjo.archive.audit;

/** What someone did with the archive; every one of these is written to the audit log. */
public enum AuditAction {
    SEARCH, VIEW, PLAY, DOWNLOAD, VERIFY, EXPORT, DELETE, POLICY, REINDEX, AUDIT_READ, AUDIT_VERIFY,
    /** an evidence copy with burned-in date-time and contract was asked for (its download is a DOWNLOAD) */
    EVIDENCE_COPY,
    /** an admin re-made a recording's renditions from its segments */
    RENDITIONS,
    /** an admin had the manifest time-stamped after the seal (the authority was unreachable then) */
    TIMESTAMP
}
