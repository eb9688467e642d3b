package jp.rinjo.archive.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    /** done */
    OK,
    /** the caller may not do it (or may not know the recording exists) */
    DENIED,
    /** no such recording */
    NOT_FOUND,
    /** refused by a rule: retention running, legal hold, object lock */
    REFUSED,
    /** tried and failed (store down, client went away, verification could not run) */
    FAILED
}
