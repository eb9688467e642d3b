-- The newest recording of each contract. A search matching many contracts reads them newest first
-- and stops as soon as no further contract can hold a newer recording than the page already has
-- (JdbcRecordingIndex), instead of reading every recording of every matching contract.
-- Written in the same transaction as archive_recordings and never lowered: after a deletion it may
-- be later than the contract's newest recording, which only makes the search read a little more.
CREATE TABLE archive_contract_latest (
    contract_no   VARCHAR(40) PRIMARY KEY,
    recorded_from TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO archive_contract_latest (contract_no, recorded_from)
    SELECT contract_no, MAX(recorded_from) FROM archive_recordings GROUP BY contract_no;
