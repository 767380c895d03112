-- Near-duplicate bands are now 6 bands of 3 values (were 16 of 4,
-- services/ugc/domain/near_duplicate.h): no old key matches a new one. The
-- old rows go, and the service writes the new ones from the stored
-- signatures when it starts (RebandStoredContent), a batch at a time,
-- resuming after `after_content_id`; the row goes once all are done.
DELETE FROM near_duplicate_bands;
CREATE TABLE near_duplicate_rebanding (
  after_content_id TEXT NOT NULL
);
INSERT INTO near_duplicate_rebanding (after_content_id) VALUES ('');
