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

-- An application as its applicant and the brand's overrides left it. A
-- selected application keeps status APPLIED here: its selection is a row of
-- `selections`, and applications_now shows it as SELECTED.
CREATE TABLE applications (
  application_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns (campaign_id),
  brand_id TEXT NOT NULL,
  ambassador_id TEXT NOT NULL,
  status INTEGER NOT NULL,          -- INVITED, APPLIED, WITHDRAWN, NOT_SELECTED
  invited INTEGER NOT NULL,
  motivation TEXT,                  -- personal
  applicant BLOB,                   -- personal; ApplicantSummary
  household_key TEXT,               -- personal
  tier INTEGER NOT NULL,
  overridden INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (campaign_id, ambassador_id),
  CHECK (status IN (1, 2, 3, 5))
);
-- Covers what selection reads of a campaign's applicants.
CREATE INDEX applications_campaign
  ON applications (campaign_id, status, ambassador_id, household_key);
CREATE INDEX applications_ambassador ON applications (ambassador_id);
CREATE INDEX applications_household ON applications (campaign_id, household_key);
CREATE INDEX applications_created_at ON applications (created_at, application_id);

-- The selected testers. A selection appends its thousands of testers here,
-- next to each other, instead of rewriting application rows scattered over
-- the whole table (docs/recruitment.md, "Storage of a selection").
CREATE TABLE selections (
  campaign_id TEXT NOT NULL REFERENCES campaigns (campaign_id),
  ambassador_id TEXT NOT NULL,
  application_id TEXT NOT NULL,
  rank INTEGER NOT NULL,
  tier INTEGER NOT NULL,            -- when selected
  applicant BLOB,                   -- personal; ApplicantSummary when selected
  -- Dispatch allocated a sample (SampleAllocated): the selection is locked.
  sample_allocated INTEGER NOT NULL DEFAULT 0,
  -- Dispatch closed the test of this tester (TestClosed).
  test_closed INTEGER NOT NULL DEFAULT 0,
  selected_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, ambassador_id),
  CHECK (rank > 0)
);
CREATE INDEX selections_rank ON selections (campaign_id, rank);

-- Applications as they stand. Selecting testers, or closing a campaign,
-- decides every pending application at once: one still APPLIED is then
-- NOT_SELECTED and one still INVITED is EXPIRED, as of that moment. Those
-- statuses are derived here rather than written row by row, so a selection
-- writes its selected testers only, not every applicant (docs/recruitment.md).
-- Reads go through this view; writes go to the tables.
CREATE VIEW applications_now AS
SELECT a.application_id, a.campaign_id, a.brand_id, a.ambassador_id,
  CASE WHEN s.rank IS NOT NULL THEN 4
       WHEN c.status IN (3, 4) AND a.status = 2 THEN 5
       WHEN c.status IN (3, 4) AND a.status = 1 THEN 6
       ELSE a.status END AS status,
  a.invited, a.motivation,
  CASE WHEN s.rank IS NOT NULL THEN s.applicant ELSE a.applicant END
    AS applicant,
  a.household_key, COALESCE(s.rank, 0) AS rank, a.overridden,
  COALESCE(s.sample_allocated, 0) AS sample_allocated, s.selected_at,
  a.created_at,
  CASE WHEN s.rank IS NOT NULL THEN s.selected_at
       WHEN c.status IN (3, 4) AND a.status IN (1, 2)
       THEN COALESCE(c.selection_done_at, c.closed_at)
       ELSE a.updated_at END AS updated_at,
  COALESCE(s.tier, a.tier) AS tier
FROM applications a JOIN campaigns c ON c.campaign_id = a.campaign_id
LEFT JOIN selections s
  ON s.campaign_id = a.campaign_id AND s.ambassador_id = a.ambassador_id;

-- The product test each ambassador holds (one at a time): a selection whose
-- test dispatch has not closed, unless its campaign closed before a sample
-- was allocated. Derived, so selecting or releasing a tester writes the
-- selection only.
CREATE INDEX selections_active ON selections (ambassador_id)
  WHERE test_closed = 0;
CREATE VIEW active_tests AS
SELECT s.ambassador_id, s.campaign_id
FROM selections s JOIN campaigns c ON c.campaign_id = s.campaign_id
WHERE s.test_closed = 0 AND NOT (c.status = 4 AND s.sample_allocated = 0);

-- Every manual selection decision, for the audit trail.
CREATE TABLE selection_overrides (
  application_id TEXT NOT NULL REFERENCES applications (application_id),
  decision INTEGER NOT NULL,
  note TEXT,                        -- personal (may name the person)
  decided_by TEXT NOT NULL,         -- the caller's subject
  decided_at INTEGER NOT NULL
);
CREATE INDEX selection_overrides_application ON selection_overrides (application_id);
