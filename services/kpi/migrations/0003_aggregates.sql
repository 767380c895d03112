-- The kpi service's aggregates. Times are Unix microseconds; days are days
-- since 1970-01-01 (UTC). Tiers and enums are their proto numbers.
--
-- Events update two kinds of rows (docs/kpi.md, "How the figures are kept"):
-- the state of each tester and each content item, merged from events in any
-- order, and the counters (`totals`, `daily`), the figures a report reads. A
-- change of state moves the counters by the difference of what the state
-- counts before and after, so a report reads a fixed number of counter rows
-- whatever the campaign's size.

-- Campaigns. A row exists from the first event naming the campaign; it is
-- visible to reports once CampaignOpened is applied (opened = 1).
CREATE TABLE campaigns (
  campaign_id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL,
  sku TEXT NOT NULL DEFAULT '',
  slots INTEGER NOT NULL DEFAULT 0,
  opened INTEGER NOT NULL DEFAULT 0,
  open_time INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  close_time INTEGER NOT NULL DEFAULT 0,
  eligible_nano INTEGER NOT NULL DEFAULT 0,
  eligible_micro INTEGER NOT NULL DEFAULT 0,
  eligible_macro INTEGER NOT NULL DEFAULT 0,
  -- Distinct events applied to the campaign, and when the last one was.
  events_applied INTEGER NOT NULL DEFAULT 0,
  as_of_time INTEGER NOT NULL DEFAULT 0,
  -- Bumped by every change of a figure of the report (events, studies).
  version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX campaigns_by_brand ON campaigns (brand_id, open_time);

-- One row per (campaign, ambassador): where the tester stands in the funnel.
CREATE TABLE testers (
  campaign_id TEXT NOT NULL,
  ambassador_id TEXT NOT NULL,
  applied INTEGER NOT NULL DEFAULT 0,
  applied_seq INTEGER NOT NULL DEFAULT 0,   -- recruitment sequence deciding it
  applied_tier INTEGER NOT NULL DEFAULT 0,
  selected INTEGER NOT NULL DEFAULT 0,
  selected_seq INTEGER NOT NULL DEFAULT 0,
  selected_tier INTEGER NOT NULL DEFAULT 0,
  allocated INTEGER NOT NULL DEFAULT 0,
  shipped INTEGER NOT NULL DEFAULT 0,
  allocation_tier INTEGER NOT NULL DEFAULT 0, -- as SampleAllocated says
  shipment_tier INTEGER NOT NULL DEFAULT 0,   -- highest shipments said
  delivered_at INTEGER,                     -- first DELIVERED status time
  -- Derived from the tester's approved content (see contents).
  first_post_at INTEGER,
  first_social_at INTEGER,
  first_social_audience INTEGER NOT NULL DEFAULT 0,
  first_social_tier INTEGER NOT NULL DEFAULT 0,
  first_declaration_at INTEGER,
  first_declaration_tier INTEGER NOT NULL DEFAULT 0,
  -- Seconds from delivery to first post when both are known, and the tier
  -- the tester counts in from allocation on.
  time_to_post INTEGER,
  time_to_post_tier INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, ambassador_id)
) WITHOUT ROWID;

-- One row per content item: its facts and its current status.
CREATE TABLE contents (
  content_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  ambassador_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  tier INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  platform INTEGER NOT NULL,
  rating INTEGER NOT NULL,
  people_told INTEGER NOT NULL,
  audience INTEGER NOT NULL,
  submitted_at INTEGER NOT NULL,
  status INTEGER NOT NULL,
  status_seq INTEGER NOT NULL,              -- ugc sequence deciding status
  reasons TEXT NOT NULL                     -- reason numbers, comma-separated
);
-- A tester's first approved post, and first approved social post.
CREATE INDEX contents_by_author
  ON contents (campaign_id, ambassador_id, status, submitted_at);
CREATE INDEX contents_by_author_kind
  ON contents (campaign_id, ambassador_id, status, kind, submitted_at);

-- Engagement measurements of social posts (running totals).
CREATE TABLE engagement_points (
  content_id TEXT NOT NULL,
  measured_at INTEGER NOT NULL,
  views INTEGER NOT NULL,
  likes INTEGER NOT NULL,
  comments INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  PRIMARY KEY (content_id, measured_at)
) WITHOUT ROWID;

-- The campaign totals a report reads. `tier` is 1..3 (NANO, MICRO, MACRO):
-- all-tier figures are summed when read. `dim` qualifies a figure
-- ("<kind>:<platform>", "<sku>:<stars>", "<reason>"), '' when it needs none.
CREATE TABLE totals (
  campaign_id TEXT NOT NULL,
  tier INTEGER NOT NULL,
  name TEXT NOT NULL,
  dim TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, tier, name, dim)
) WITHOUT ROWID;

-- The daily figures of the time series; `day` counts days since 1970-01-01.
CREATE TABLE daily (
  campaign_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  tier INTEGER NOT NULL,
  name TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, day, tier, name)
) WITHOUT ROWID;

-- Every event applied to a campaign, kept for Recount's replay.
CREATE TABLE event_log (
  campaign_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event BLOB NOT NULL,                      -- serialized common.v1.Event
  PRIMARY KEY (campaign_id, event_id)
) WITHOUT ROWID;
