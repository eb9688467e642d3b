-- When a session ends its media node is asked to seal the recording. The request is kept until the
-- node answers, so that a signaling restart (or a power cut of the whole standalone) while the node
-- could not be reached does not forget it: the next start asks again.
CREATE TABLE session_seal_requests (
    session_id   VARCHAR(40)  NOT NULL PRIMARY KEY REFERENCES inspection_sessions (id),
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    outcome      VARCHAR(500)
);
CREATE INDEX session_seal_requests_open ON session_seal_requests (finished_at, requested_at);
