-- The event tables of every service (libs/events), included by each service's
-- migration 0002_events.sql. Released: never edit. A change is a new file
-- (events_v2.sql) included by a new migration of every service.

-- Facts this service decided, each written in the same transaction as the
-- change it describes. The columns follow the outbox-router convention (id,
-- aggregatetype, aggregateid, type, payload, timestamp), so a change-data-
-- capture pipeline (Debezium into Kafka) can carry this table unchanged.
-- `sequence` orders the events of this producer; `payload` is the serialized
-- nanoinfluence.common.v1.Event envelope; `timestamp` is microseconds since
-- the epoch.
CREATE TABLE outbox (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  aggregatetype TEXT NOT NULL,
  aggregateid TEXT NOT NULL,
  type TEXT NOT NULL,
  payload BLOB NOT NULL,
  timestamp INTEGER NOT NULL
);

-- How far the relay has delivered the outbox to each subscriber: every
-- event up to `delivered_sequence` was acknowledged (or is not one the
-- subscriber takes).
CREATE TABLE outbox_cursors (
  subscriber TEXT PRIMARY KEY,
  delivered_sequence INTEGER NOT NULL
);

-- Events of other services applied here, recorded in the transaction of
-- their effect: a redelivered event id is acknowledged and changes nothing.
-- `outcome` is 'applied', or 'rejected' for an event this service cannot
-- apply (malformed), kept so it is not redelivered forever.
CREATE TABLE applied_events (
  event_id TEXT PRIMARY KEY,
  producer TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
  error TEXT,
  applied_at INTEGER NOT NULL
);
CREATE INDEX applied_events_by_time ON applied_events (applied_at);
