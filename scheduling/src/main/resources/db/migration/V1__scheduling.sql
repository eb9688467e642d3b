-- Contracts, inspection sessions, invitations and accounts.
-- Written for both H2 (MODE=PostgreSQL) and PostgreSQL: standard types only.

CREATE TABLE users (
    id                 VARCHAR(40)  PRIMARY KEY,
    login_name         VARCHAR(64)  NOT NULL UNIQUE,
    display_name       VARCHAR(100) NOT NULL,
    department         VARCHAR(100) NOT NULL,
    role               VARCHAR(16)  NOT NULL,
    password_hash      VARCHAR(200) NOT NULL,
    active             BOOLEAN      NOT NULL,
    tokens_valid_after TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE contracts (
    contract_no  VARCHAR(40)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    contractor   VARCHAR(200) NOT NULL,
    department   VARCHAR(100) NOT NULL,
    period_start DATE         NOT NULL,
    period_end   DATE         NOT NULL,
    location     VARCHAR(200) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX contracts_department ON contracts (department);

CREATE TABLE inspection_sessions (
    id              VARCHAR(40)  PRIMARY KEY,
    contract_no     VARCHAR(40)  NOT NULL REFERENCES contracts (contract_no),
    inspection_type VARCHAR(24)  NOT NULL,
    window_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end      TIMESTAMP WITH TIME ZONE NOT NULL,
    place           VARCHAR(200),
    inspector_id    VARCHAR(40)  NOT NULL REFERENCES users (id),
    status          VARCHAR(16)  NOT NULL,
    result_kind     VARCHAR(16),
    result_note     VARCHAR(4000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    ended_at        TIMESTAMP WITH TIME ZONE,
    version         INT          NOT NULL
);
CREATE INDEX sessions_window ON inspection_sessions (window_start, window_end);
CREATE INDEX sessions_contract ON inspection_sessions (contract_no);

CREATE TABLE invitations (
    id           VARCHAR(40)  PRIMARY KEY,
    session_id   VARCHAR(40)  NOT NULL REFERENCES inspection_sessions (id),
    role         VARCHAR(16)  NOT NULL,
    display_name VARCHAR(100) NOT NULL,
    email        VARCHAR(254),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX invitations_session ON invitations (session_id);
