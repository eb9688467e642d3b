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
    CONTRACT_UPDATE,
    /** an account created by an admin (the first admin, made at start-up on an empty database, is not: nobody made it) */
    USER_CREATE,
    /** an account's display name, department or role changed by an admin (人事異動) */
    USER_CHANGE,
    /** an account disabled by an admin: it cannot log in, its logins ended */
    USER_DISABLE,
    /** a disabled account enabled again by an admin */
    USER_ENABLE,
    /** an admin set a new password for someone else's account (never the password or its hash in the row) */
    USER_PASSWORD_RESET
}
