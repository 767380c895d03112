-- The test ledger: a producer's acknowledged writes, and what a subscriber
-- made of the events describing them.

-- Producer side: one row per acknowledged write (committed with its event).
CREATE TABLE ledger (
  write_no INTEGER PRIMARY KEY,
  content_id TEXT NOT NULL,
  views INTEGER NOT NULL
);

-- Subscriber side: views summed per content, and how many events did it.
CREATE TABLE totals (
  content_id TEXT PRIMARY KEY,
  views INTEGER NOT NULL,
  events INTEGER NOT NULL
);

-- Subscriber side: each applied event, in the order applied.
CREATE TABLE arrivals (
  arrival INTEGER PRIMARY KEY AUTOINCREMENT,
  producer TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  occurred_at INTEGER NOT NULL,
  applied_at INTEGER NOT NULL
);
