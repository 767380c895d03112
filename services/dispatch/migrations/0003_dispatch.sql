-- Campaigns as recruitment announced them, stock lines, allocation
-- policies, shipments and their history, and the content ugc reported.
-- Times are Unix microseconds; enums their proto numbers. Personal data
-- (the address snapshot) sits only in shipments.address, which closing the
-- test or erasing the ambassador sets to NULL (docs/dispatch.md).

-- @include libs/idempotency/schema/idempotency_v1.sql

-- From recruitment's CampaignOpened / CampaignClosed events.
CREATE TABLE campaigns (
  campaign_id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL,
  closed INTEGER NOT NULL DEFAULT 0,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER
);

-- One line per (campaign, SKU). Every unit is in exactly one bucket.
CREATE TABLE stock (
  campaign_id TEXT NOT NULL REFERENCES campaigns (campaign_id),
  sku TEXT NOT NULL,
  brand_id TEXT NOT NULL,
  variant_label TEXT NOT NULL DEFAULT '',
  units_available INTEGER NOT NULL,
  units_allocated INTEGER NOT NULL,
  units_shipped INTEGER NOT NULL,
  units_written_off INTEGER NOT NULL,
  units_received INTEGER NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, sku),
  -- No allocation ever takes a unit that is not there.
  CHECK (units_available >= 0),
  CHECK (units_allocated >= 0),
  CHECK (units_shipped >= 0),
  CHECK (units_written_off >= 0),
  CHECK (units_received = units_available + units_allocated + units_shipped
                          + units_written_off)
);

-- Every SetStock difference and AdjustStock, for the audit trail.
CREATE TABLE stock_movements (
  campaign_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  reason INTEGER NOT NULL,          -- StockAdjustmentReason; 0 for SetStock
  delta INTEGER NOT NULL,           -- units into (+) or out of (-) available
  note TEXT,
  recorded_by TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX stock_movements_line ON stock_movements (campaign_id, sku);

CREATE TABLE allocation_policies (
  campaign_id TEXT PRIMARY KEY REFERENCES campaigns (campaign_id),
  tier_priority TEXT NOT NULL,      -- tier numbers, comma-separated
  updated_at INTEGER NOT NULL
);

-- One per (campaign, ambassador): a re-ship reuses it.
CREATE TABLE shipments (
  shipment_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns (campaign_id),
  brand_id TEXT NOT NULL,
  ambassador_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  tier INTEGER NOT NULL,
  selection_rank INTEGER NOT NULL,
  status INTEGER NOT NULL,
  carrier TEXT NOT NULL DEFAULT '',
  tracking_number TEXT NOT NULL DEFAULT '',
  tracking_url TEXT NOT NULL DEFAULT '',
  address BLOB,                     -- personal; PostalAddress; NULL once erased
  reship_count INTEGER NOT NULL DEFAULT 0,
  post_deadline_days INTEGER NOT NULL,
  allocated_at INTEGER NOT NULL,
  shipped_at INTEGER,
  delivered_at INTEGER,
  status_at INTEGER NOT NULL,
  post_deadline INTEGER,
  first_post_at INTEGER,            -- first approved content (ugc's events)
  test_outcome INTEGER NOT NULL DEFAULT 0,
  test_closed_at INTEGER,
  UNIQUE (campaign_id, ambassador_id),
  CHECK (quantity BETWEEN 1 AND 10),
  CHECK (reship_count IN (0, 1))
);
CREATE INDEX shipments_ambassador ON shipments (ambassador_id, allocated_at);
CREATE INDEX shipments_allocated_at ON shipments (allocated_at, shipment_id);
CREATE INDEX shipments_campaign ON shipments (campaign_id, allocated_at);
CREATE INDEX shipments_tracking ON shipments (carrier, tracking_number)
  WHERE tracking_number != '';
-- Open tests, for reminders and deadlines.
CREATE INDEX shipments_open_tests ON shipments (status, delivered_at)
  WHERE test_outcome = 0;

CREATE TABLE shipment_history (
  shipment_id TEXT NOT NULL REFERENCES shipments (shipment_id),
  position INTEGER NOT NULL,
  previous_status INTEGER NOT NULL,
  status INTEGER NOT NULL,
  status_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  carrier TEXT NOT NULL DEFAULT '',
  tracking_number TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (shipment_id, position)
);

-- Content of testers, from ugc's ContentSubmitted / ContentModerated: what
-- reminders and test outcomes need.
CREATE TABLE posts (
  content_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  ambassador_id TEXT NOT NULL,
  status INTEGER NOT NULL,          -- ContentStatus
  submitted_at INTEGER NOT NULL
);
CREATE INDEX posts_tester ON posts (campaign_id, ambassador_id, status);
