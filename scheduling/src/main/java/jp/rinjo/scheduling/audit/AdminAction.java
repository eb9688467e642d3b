package jp.rinjo.scheduling.audit;

/**
 * Administrative acts an auditor must be able to trace years later, written to the archive's
 * hash-chained audit log (the archive names them the same). Only acts that change the city's records.
 */
public enum AdminAction {
    /** a lapsed session's result recorded afterwards (事後記録) */
    LATE_RESULT,
    /** contracts registered from a CSV file */
    CONTRACT_IMPORT,
    /** one contract registered through the form or the API */
    CONTRACT_REGISTER,
    /** a contract's fields changed (a new department takes its recordings' visibility with it) */
    CONTRACT_UPDATE
}
