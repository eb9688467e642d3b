-- Who took part in a session: the manifest of the recording and the archive list them.
CREATE TABLE session_attendance (
    session_id      VARCHAR(40)  NOT NULL REFERENCES inspection_sessions (id),
    participant_id  VARCHAR(40)  NOT NULL,
    display_name    VARCHAR(100) NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    first_joined_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_joined_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);
