-- Text limits are checked in characters (code points), as people count them. PostgreSQL's
-- VARCHAR(n) counts characters too, but H2's counts UTF-16 units, where a character outside the
-- BMP (𠮷, common in names) takes two: a 工事名 of 200 characters with 150 𠮷 was refused by H2
-- with an internal error. Every column that holds validated text is therefore made twice its
-- limit, which any text within the limit fits on both databases; the limit itself stays in code.
ALTER TABLE users ALTER COLUMN display_name SET DATA TYPE VARCHAR(200);
ALTER TABLE users ALTER COLUMN department SET DATA TYPE VARCHAR(200);

ALTER TABLE contracts ALTER COLUMN contract_no SET DATA TYPE VARCHAR(80);
ALTER TABLE contracts ALTER COLUMN name SET DATA TYPE VARCHAR(400);
ALTER TABLE contracts ALTER COLUMN contractor SET DATA TYPE VARCHAR(400);
ALTER TABLE contracts ALTER COLUMN department SET DATA TYPE VARCHAR(200);
ALTER TABLE contracts ALTER COLUMN location SET DATA TYPE VARCHAR(400);

ALTER TABLE inspection_sessions ALTER COLUMN contract_no SET DATA TYPE VARCHAR(80);
ALTER TABLE inspection_sessions ALTER COLUMN place SET DATA TYPE VARCHAR(400);
ALTER TABLE inspection_sessions ALTER COLUMN result_note SET DATA TYPE VARCHAR(8000);

ALTER TABLE invitations ALTER COLUMN display_name SET DATA TYPE VARCHAR(200);
ALTER TABLE invitations ALTER COLUMN email SET DATA TYPE VARCHAR(508);

ALTER TABLE session_attendance ALTER COLUMN display_name SET DATA TYPE VARCHAR(200);

-- search_text is NFKC of 契約番号 and 工事名, which can also grow (㍿ becomes 株式会社).
ALTER TABLE archive_recordings ALTER COLUMN contract_no SET DATA TYPE VARCHAR(80);
ALTER TABLE archive_recordings ALTER COLUMN department SET DATA TYPE VARCHAR(200);
ALTER TABLE archive_recordings ALTER COLUMN search_text SET DATA TYPE VARCHAR(2000);

ALTER TABLE archive_recording_details ALTER COLUMN contract_name SET DATA TYPE VARCHAR(400);
ALTER TABLE archive_recording_details ALTER COLUMN contractor SET DATA TYPE VARCHAR(400);
ALTER TABLE archive_recording_details ALTER COLUMN inspector_name SET DATA TYPE VARCHAR(200);
ALTER TABLE archive_recording_details ALTER COLUMN place SET DATA TYPE VARCHAR(400);
ALTER TABLE archive_recording_details ALTER COLUMN participants SET DATA TYPE VARCHAR(16000);
ALTER TABLE archive_recording_details ALTER COLUMN object_prefix SET DATA TYPE VARCHAR(800);
ALTER TABLE archive_recording_details ALTER COLUMN integrity_detail SET DATA TYPE VARCHAR(8000);

ALTER TABLE archive_audit_log ALTER COLUMN actor_name SET DATA TYPE VARCHAR(200);
ALTER TABLE archive_audit_log ALTER COLUMN contract_no SET DATA TYPE VARCHAR(80);
ALTER TABLE archive_audit_log ALTER COLUMN detail SET DATA TYPE VARCHAR(4000);

ALTER TABLE archive_contract_policy ALTER COLUMN contract_no SET DATA TYPE VARCHAR(80);
ALTER TABLE archive_contract_policy ALTER COLUMN hold_reason SET DATA TYPE VARCHAR(2000);

ALTER TABLE archive_contract_latest ALTER COLUMN contract_no SET DATA TYPE VARCHAR(80);
