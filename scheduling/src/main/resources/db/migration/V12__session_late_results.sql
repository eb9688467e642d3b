-- The result of a session that lapsed (結果未記録（自動終了）), recorded afterwards (事後記録) by its
-- inspector or an administrator: at most one per session, never updated. The session itself keeps
-- LAPSED, as its recording's signed manifest does; this is an administrative record beside it, not
-- covered by the signature. recorded_by_name is the recorder's display name at the time. Text columns
-- are twice their limit (V6).
CREATE TABLE session_late_results (
    session_id       VARCHAR(40)   NOT NULL PRIMARY KEY REFERENCES inspection_sessions (id),
    result_kind      VARCHAR(16)   NOT NULL,
    note             VARCHAR(8000) NOT NULL,
    recorded_by      VARCHAR(40)   NOT NULL REFERENCES users (id),
    recorded_by_name VARCHAR(200)  NOT NULL,
    recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
