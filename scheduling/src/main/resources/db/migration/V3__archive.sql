-- The archive: the index of sealed recordings, the hash-chained audit log of every access, and
-- retention and legal hold per contract. Written for both H2 (MODE=PostgreSQL) and PostgreSQL.
--
-- The index is two tables: archive_recordings is narrow (only what search filters and sorts on),
-- so that walking its indexes touches few pages on either database; archive_recording_details holds
-- what a result row and the playback page show, read by primary key for the rows of one page.
-- Descending indexes serve the default order (newest first); both databases also scan them backwards.

CREATE TABLE archive_recordings (
    session_id      VARCHAR(40)  PRIMARY KEY,
    contract_no     VARCHAR(40)  NOT NULL,
    department      VARCHAR(100) NOT NULL,
    search_text     VARCHAR(300) NOT NULL,
    inspection_type VARCHAR(24)  NOT NULL,
    inspector_id    VARCHAR(40)  NOT NULL,
    recorded_from   TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms     BIGINT       NOT NULL
);
CREATE INDEX archive_rec_time ON archive_recordings (recorded_from DESC, session_id DESC);
CREATE INDEX archive_rec_dept_time ON archive_recordings (department, recorded_from DESC, session_id DESC);
-- Covering: a search for a few contracts probes each one here and reads nothing else (both
-- databases answer from the index alone), whatever else it filters or sorts on.
CREATE INDEX archive_rec_contract ON archive_recordings (contract_no, department, recorded_from DESC, session_id DESC,
    inspection_type, inspector_id, duration_ms);
CREATE INDEX archive_rec_inspector_time ON archive_recordings (inspector_id, recorded_from DESC, session_id DESC);
CREATE INDEX archive_rec_dept_contract ON archive_recordings (department, contract_no, recorded_from DESC, session_id DESC);
CREATE INDEX archive_rec_duration ON archive_recordings (duration_ms DESC, session_id DESC);
CREATE INDEX archive_rec_dept_duration ON archive_recordings (department, duration_ms DESC, session_id DESC);

CREATE TABLE archive_recording_details (
    session_id       VARCHAR(40)   PRIMARY KEY,
    contract_name    VARCHAR(200)  NOT NULL,
    contractor       VARCHAR(200)  NOT NULL,
    inspector_name   VARCHAR(100)  NOT NULL,
    place            VARCHAR(200),
    result_kind      VARCHAR(16),
    window_start     TIMESTAMP WITH TIME ZONE,
    window_end       TIMESTAMP WITH TIME ZONE,
    recorded_to      TIMESTAMP WITH TIME ZONE NOT NULL,
    size_bytes       BIGINT        NOT NULL,
    tracks           INT           NOT NULL,
    segments         INT           NOT NULL,
    gaps             INT           NOT NULL,
    markers          INT           NOT NULL,
    stills           INT           NOT NULL,
    participants     VARCHAR(8000) NOT NULL,
    renditions       VARCHAR(8000) NOT NULL,
    object_prefix    VARCHAR(400)  NOT NULL,
    manifest_sha256  VARCHAR(64)   NOT NULL,
    signing_key_id   VARCHAR(64)   NOT NULL,
    timestamped      BOOLEAN       NOT NULL,
    sealed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    integrity        VARCHAR(16)   NOT NULL,
    integrity_at     TIMESTAMP WITH TIME ZONE,
    integrity_detail VARCHAR(4000),
    indexed_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The archive keeps an in-process copy of the contracts for partial-match search and refreshes it
-- by what changed since it last looked.
CREATE INDEX contracts_updated ON contracts (updated_at);

-- Append-only, hash-chained: hash = SHA-256(prev_hash ‖ canonical row), seq without gaps from 1.
CREATE TABLE archive_audit_log (
    seq         BIGINT        PRIMARY KEY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id    VARCHAR(40),
    actor_name  VARCHAR(100)  NOT NULL,
    actor_role  VARCHAR(32)   NOT NULL,
    action      VARCHAR(32)   NOT NULL,
    session_id  VARCHAR(40),
    contract_no VARCHAR(40),
    outcome     VARCHAR(16)   NOT NULL,
    detail      VARCHAR(2000),
    prev_hash   VARCHAR(64)   NOT NULL,
    hash        VARCHAR(64)   NOT NULL
);
CREATE INDEX archive_audit_session ON archive_audit_log (session_id, seq);

-- Per contract: how many years its recordings are kept (null: the configured default) and a legal
-- hold that stops every deletion while it is set.
CREATE TABLE archive_contract_policy (
    contract_no     VARCHAR(40)   PRIMARY KEY,
    retention_years INT,
    legal_hold      BOOLEAN       NOT NULL,
    hold_reason     VARCHAR(1000),
    updated_by      VARCHAR(40)   NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
