-- Sales-uplift studies (proto/nanoinfluence/kpi/v1/uplift.proto) and the
-- idempotency keys of the kpi service's write RPCs. Times are Unix
-- microseconds; days are days since 1970-01-01 (UTC); enums their proto
-- numbers.

-- @include libs/idempotency/schema/idempotency_v1.sql

-- One row per study. `brand_id` is the campaign's, copied at creation (a
-- campaign never changes brand) so tenancy and brand lists need no join.
CREATE TABLE uplift_studies (
  study_id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES campaigns (campaign_id),
  brand_id TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- The BEFORE and DURING periods, both ends included.
  before_first_day INTEGER NOT NULL,
  before_last_day INTEGER NOT NULL,
  during_first_day INTEGER NOT NULL,
  during_last_day INTEGER NOT NULL,
  min_stores_per_area INTEGER NOT NULL
    CHECK (min_stores_per_area BETWEEN 2 AND 10000),
  -- The uint64 seed's 64 bits as a signed integer; never 0.
  default_seed INTEGER NOT NULL CHECK (default_seed <> 0),
  -- Stores with at least one record, per area; kept with uplift_stores.
  exposed_stores INTEGER NOT NULL DEFAULT 0 CHECK (exposed_stores >= 0),
  control_stores INTEGER NOT NULL DEFAULT 0 CHECK (control_stores >= 0),
  created_at INTEGER NOT NULL,
  last_sales_at INTEGER,                    -- NULL before the first record
  UNIQUE (campaign_id, name),
  CHECK (before_first_day <= before_last_day
         AND before_last_day - before_first_day < 366),
  CHECK (during_first_day <= during_last_day
         AND during_last_day - during_first_day < 366),
  CHECK (before_last_day < during_first_day)
);
-- Lists, oldest first: of a campaign (and the report's outcomes), of a brand.
CREATE INDEX uplift_studies_by_campaign
  ON uplift_studies (campaign_id, created_at, study_id);
CREATE INDEX uplift_studies_by_brand
  ON uplift_studies (brand_id, created_at, study_id);

-- The stores of a study; the area is fixed by the store's first record.
CREATE TABLE uplift_stores (
  study_id TEXT NOT NULL REFERENCES uplift_studies (study_id),
  store_id TEXT NOT NULL,
  area INTEGER NOT NULL CHECK (area IN (1, 2)),  -- EXPOSED, CONTROL
  created_at INTEGER NOT NULL,
  PRIMARY KEY (study_id, store_id)
) WITHOUT ROWID;

-- Units of one store in one period; a later record replaces the units.
CREATE TABLE uplift_sales (
  study_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  period INTEGER NOT NULL CHECK (period IN (1, 2)),  -- BEFORE, DURING
  units_sold INTEGER NOT NULL CHECK (units_sold BETWEEN 0 AND 1000000000),
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (study_id, store_id, period),
  FOREIGN KEY (study_id, store_id) REFERENCES uplift_stores (study_id, store_id)
) WITHOUT ROWID;
