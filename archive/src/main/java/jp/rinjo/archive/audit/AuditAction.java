package jp.rinjo.archive.audit;

/** What someone did with the archive; every one of these is written to the audit log. */
public enum AuditAction {
    SEARCH, VIEW, PLAY, DOWNLOAD, VERIFY, EXPORT, DELETE, POLICY, REINDEX, AUDIT_READ, AUDIT_VERIFY
}
