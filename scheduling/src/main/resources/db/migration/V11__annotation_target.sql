-- Which contractor's video each mark was drawn on (a clear: whose marks it took away), as the
-- participant id the room relayed: with two phones streaming, a mark belongs to one of them. NULL for
-- the marks kept before this column, which named no video.
ALTER TABLE session_annotations ADD COLUMN target_id VARCHAR(40);
