-- The ugc service's own tables. Times are Unix microseconds.

-- Campaigns as recruitment announced them (CampaignOpened / CampaignClosed).
CREATE TABLE campaigns (
  campaign_id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  closed INTEGER NOT NULL DEFAULT 0,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER
);

-- Variants of a campaign's product that dispatch allocated (SampleAllocated):
-- content may be about them too.
CREATE TABLE campaign_skus (
  campaign_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  PRIMARY KEY (campaign_id, sku)
) WITHOUT ROWID;

-- Deliveries dispatch announced (ShipmentStatusChanged to DELIVERED), so a
-- submission is verified without a call when the event came first.
CREATE TABLE deliveries (
  campaign_id TEXT NOT NULL,
  ambassador_id TEXT NOT NULL,
  delivered_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, ambassador_id)
) WITHOUT ROWID;

CREATE TABLE contents (
  content_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns (campaign_id),
  brand_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  ambassador_id TEXT NOT NULL,
  author_display_name TEXT NOT NULL,     -- personal; '' once erased
  author_tier INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  platform INTEGER NOT NULL,
  social_network INTEGER NOT NULL,
  rating INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  media BLOB,                            -- a Content holding only `media`
  public_url TEXT NOT NULL,
  people_told INTEGER NOT NULL,
  audience INTEGER NOT NULL,
  language_code TEXT NOT NULL,
  disclosure INTEGER NOT NULL,
  disclosure_marker_found INTEGER NOT NULL,
  tester_verification INTEGER NOT NULL,  -- TesterVerification
  status INTEGER NOT NULL,               -- ContentStatus
  reasons TEXT NOT NULL,                 -- ModerationReason numbers, comma-separated
  moderation_note TEXT NOT NULL DEFAULT '',
  moderated_manually INTEGER NOT NULL DEFAULT 0,
  moderated_at INTEGER NOT NULL,
  engagement BLOB,                       -- Engagement; NULL when never reported
  author_erased INTEGER NOT NULL DEFAULT 0,
  duplicate_key TEXT,                    -- NULL when the text is too short to judge
  minhash BLOB,                          -- near-duplicate signature; NULL likewise
  submitted_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Reviews once approved stay in the syndication feed (a later rejection
  -- is sent as a withdrawal); `feed_updated_at` orders the feed.
  in_feed INTEGER NOT NULL DEFAULT 0,
  feed_updated_at INTEGER,
  CHECK (rating BETWEEN 0 AND 5),
  CHECK (status IN (1, 2, 3))
);
CREATE INDEX contents_campaign ON contents (campaign_id, submitted_at);
-- Ops lists without a tenant filter, newest first.
CREATE INDEX contents_submitted ON contents (submitted_at, content_id);
CREATE INDEX contents_author ON contents (ambassador_id, campaign_id, submitted_at);
CREATE INDEX contents_brand ON contents (brand_id, submitted_at);
CREATE INDEX contents_changes ON contents (campaign_id, updated_at);
CREATE INDEX contents_feed ON contents (sku, feed_updated_at) WHERE in_feed = 1;
CREATE INDEX contents_duplicate ON contents (duplicate_key)
  WHERE duplicate_key IS NOT NULL;
-- Content still to verify with dispatch (TESTER_VERIFICATION_UNKNOWN).
CREATE INDEX contents_unverified ON contents (submitted_at)
  WHERE tester_verification = 3;

-- Locality-sensitive hashing of the near-duplicate signatures: content
-- sharing a band key is compared.
CREATE TABLE near_duplicate_bands (
  band_key INTEGER NOT NULL,
  content_id TEXT NOT NULL,
  PRIMARY KEY (band_key, content_id)
) WITHOUT ROWID;

CREATE TABLE replies (
  reply_id TEXT PRIMARY KEY,
  content_id TEXT NOT NULL REFERENCES contents (content_id),
  brand_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX replies_content ON replies (content_id, created_at);

CREATE TABLE reports (
  report_id TEXT PRIMARY KEY,
  content_id TEXT NOT NULL REFERENCES contents (content_id),
  brand_id TEXT NOT NULL,
  reason INTEGER NOT NULL,
  note TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  open INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX reports_content ON reports (content_id, created_at);
CREATE INDEX reports_open ON reports (content_id) WHERE open = 1;

-- The idempotency records of the write RPCs.
-- @include libs/idempotency/schema/idempotency_v1.sql
