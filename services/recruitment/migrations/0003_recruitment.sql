-- Ambassadors, social accounts, consent history, campaigns, applications.
-- Times are Unix microseconds; dates yyyymmdd; enums their proto numbers.
-- Personal data (names, email, phone, birth date, addresses, handles,
-- motivations) sits only in the columns marked "personal", which erasure
-- sets to NULL or deletes (docs/recruitment.md).

-- @include libs/idempotency/schema/idempotency_v1.sql

CREATE TABLE ambassadors (
  ambassador_id TEXT PRIMARY KEY,
  -- Set once erased: the personal columns are NULL from then on.
  erased_at INTEGER,
  email TEXT UNIQUE,                -- personal; normalised (lower case)
  profile BLOB,                     -- personal; AmbassadorProfile
  consent BLOB NOT NULL,            -- Consent
  -- Targeting facts (docs/recruitment.md), copied from the profile.
  country_code TEXT NOT NULL,
  postal_key TEXT NOT NULL,         -- personal; letters and digits
  birth_date INTEGER,               -- personal
  universes INTEGER NOT NULL,       -- bit per Universe value
  youngest_child_year INTEGER NOT NULL,
  household_key TEXT,               -- personal; NULL without an address
  terms_version TEXT NOT NULL,
  data_processing_version TEXT NOT NULL,
  -- Tier, from the social accounts.
  audience INTEGER NOT NULL,
  tier INTEGER NOT NULL,
  tier_version INTEGER NOT NULL,
  tier_computed_at INTEGER NOT NULL,
  engagement_rate REAL NOT NULL,
  -- Reliability, from TestClosed events.
  tests_counted INTEGER NOT NULL DEFAULT 0,
  posted_on_time INTEGER NOT NULL DEFAULT 0,
  posted_late INTEGER NOT NULL DEFAULT 0,
  not_posted INTEGER NOT NULL DEFAULT 0,
  reliability_updated_at INTEGER,
  active_test_campaign_id TEXT,
  -- Bumped by every change, so the in-memory eligibility index never
  -- replaces a newer copy by an older one.
  revision INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (audience >= 0),
  CHECK (tests_counted = posted_on_time + posted_late + not_posted)
);
CREATE INDEX ambassadors_created_at ON ambassadors (created_at, ambassador_id);

CREATE TABLE social_accounts (
  social_account_id TEXT PRIMARY KEY,
  ambassador_id TEXT NOT NULL REFERENCES ambassadors (ambassador_id),
  network INTEGER NOT NULL,
  handle TEXT NOT NULL,             -- personal
  handle_key TEXT NOT NULL,         -- personal; lower case, no "@"
  followers INTEGER NOT NULL,
  engagement_rate REAL NOT NULL,
  linked_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (network, handle_key),
  UNIQUE (ambassador_id, network),
  CHECK (followers >= 0)
);

-- Every grant and withdrawal of consent, for the export.
CREATE TABLE consent_history (
  ambassador_id TEXT NOT NULL REFERENCES ambassadors (ambassador_id),
  purpose TEXT NOT NULL,            -- terms, data_processing, marketing
  version TEXT NOT NULL,
  granted INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX consent_history_ambassador ON consent_history (ambassador_id);

CREATE TABLE campaigns (
  campaign_id TEXT PRIMARY KEY,
  brand_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  spec BLOB NOT NULL,               -- CampaignSpec
  product_sku TEXT NOT NULL,
  universe INTEGER NOT NULL,
  window_end INTEGER NOT NULL,
  eligible_nano INTEGER NOT NULL DEFAULT 0,
  eligible_micro INTEGER NOT NULL DEFAULT 0,
  eligible_macro INTEGER NOT NULL DEFAULT 0,
  selection_seed INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  opened_at INTEGER,
  selection_done_at INTEGER,
  closed_at INTEGER
);
CREATE INDEX campaigns_brand ON campaigns (brand_id, created_at);
CREATE INDEX campaigns_created_at ON campaigns (created_at, campaign_id);
CREATE INDEX campaigns_status ON campaigns (status, window_end);

CREATE TABLE applications (
  application_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns (campaign_id),
  brand_id TEXT NOT NULL,
  ambassador_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  invited INTEGER NOT NULL,
  motivation TEXT,                  -- personal
  applicant BLOB,                   -- personal; ApplicantSummary
  household_key TEXT,               -- personal
  tier INTEGER NOT NULL,
  rank INTEGER NOT NULL DEFAULT 0,
  overridden INTEGER NOT NULL DEFAULT 0,
  sample_allocated INTEGER NOT NULL DEFAULT 0,
  selected_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (campaign_id, ambassador_id)
);
CREATE INDEX applications_campaign ON applications (campaign_id, status);
CREATE INDEX applications_ambassador ON applications (ambassador_id);
CREATE INDEX applications_household ON applications (campaign_id, household_key);
CREATE INDEX applications_created_at ON applications (created_at, application_id);

-- Every manual selection decision, for the audit trail.
CREATE TABLE selection_overrides (
  application_id TEXT NOT NULL REFERENCES applications (application_id),
  decision INTEGER NOT NULL,
  note TEXT,                        -- personal (may name the person)
  decided_by TEXT NOT NULL,         -- the caller's subject
  decided_at INTEGER NOT NULL
);
CREATE INDEX selection_overrides_application ON selection_overrides (application_id);
