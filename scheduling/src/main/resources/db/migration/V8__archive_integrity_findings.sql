-- The last verification's errors and warnings with their codes and parameters (JSON, as participants and
-- renditions are kept), so that the recording page says why a recording failed in its reader's language
-- after a reload, not only right after the check. NULL for rows verified before: integrity_detail, the
-- findings as English text, is still written and read for every row.
ALTER TABLE archive_recording_details ADD COLUMN integrity_findings VARCHAR(16000);
