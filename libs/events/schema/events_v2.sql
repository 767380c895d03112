-- Delivery leases, included by each service's migration after events_v1.sql.
-- Released: never edit.
--
-- With several replicas of a service on one database, each subscriber's
-- delivery belongs to one replica at a time: the one named in `lease_owner`
-- until `lease_until` (microseconds since the epoch). The holder renews the
-- lease while it runs and clears it when it stops; another replica takes it
-- over once it has expired (libs/events/relay.h, docs/events.md).
ALTER TABLE outbox_cursors ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox_cursors ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
