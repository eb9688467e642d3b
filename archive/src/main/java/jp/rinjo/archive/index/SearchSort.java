package jp.rinjo.archive.index;

/**
 * Orders a search can have: each has an index, so the first page costs the same however many
 * recordings match. Ties are broken by session id.
 */
public enum SearchSort {
    /** when it was recorded (newest first when descending) */
    RECORDED_AT,
    /** by contract number, each contract's recordings newest first (descending reverses both) */
    CONTRACT_NO,
    /** by length */
    DURATION
}
