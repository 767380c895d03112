-- Marks the file as the dispatch service's database, so a server started on
-- another service's file refuses to run instead of writing into it.
CREATE TABLE service_metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO service_metadata (key, value) VALUES ('service', 'dispatch');
