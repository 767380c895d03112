-- The first answer of every write RPC, by the caller's `request_id`, so a
-- retry gets it back instead of a second effect (libs/idempotency).
CREATE TABLE idempotency_keys (
  -- The method and the caller: two callers never share keys.
  scope TEXT NOT NULL,
  request_id TEXT NOT NULL,
  -- SHA-256 of the request, to tell a retry from another request.
  fingerprint BLOB NOT NULL,
  -- The serialized response.
  response BLOB NOT NULL,
  -- The ambassador whose personal data the response may hold, so their
  -- erasure deletes it; NULL when none.
  data_subject TEXT,
  -- Unix microseconds.
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope, request_id)
);
CREATE INDEX idempotency_keys_data_subject ON idempotency_keys (data_subject);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
