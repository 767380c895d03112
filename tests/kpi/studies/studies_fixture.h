// A kpi database on a temporary SQLite file with every kpi migration applied,
// campaigns of two brands, callers of each role, request builders, and a
// snapshot of the study tables to prove that a refused call wrote nothing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "libs/auth/caller.h"
#include "libs/sql/database.h"
#include "nanoinfluence/kpi/v1/kpi_service.pb.h"
#include "nanoinfluence/kpi/v1/uplift.pb.h"
#include "services/kpi/studies/uplift_studies.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::kpi::testing {

inline constexpr char kBrandA[] = "0a000000-0000-4000-8000-00000000000a";
inline constexpr char kBrandB[] = "0b000000-0000-4000-8000-00000000000b";
// Opened campaigns: two of brand A, one of brand B.
inline constexpr char kCampaignA[] = "ca000000-0000-4000-8000-000000000001";
inline constexpr char kCampaignA2[] = "ca000000-0000-4000-8000-000000000002";
inline constexpr char kCampaignB[] = "cb000000-0000-4000-8000-000000000001";
// Brand A's campaign whose CampaignOpened was not applied yet.
inline constexpr char kUnopenedA[] = "ca000000-0000-4000-8000-0000000000ff";
// No campaign or study has this id.
inline constexpr char kMissingId[] = "dddddddd-0000-4000-8000-000000000000";

auth::Caller Ops();
auth::Caller BrandA();
auth::Caller BrandB();

common::v1::Date Day(int year, int month, int day);
v1::DateRange Range(const common::v1::Date& first,
                    const common::v1::Date& last);

// A valid request: BEFORE January 2024, DURING February 2024, 2 stores per
// area, seed 42.
v1::CreateUpliftStudyRequest CreateRequest(const std::string& request_id,
                                           const std::string& campaign_id,
                                           const std::string& name);

v1::StoreSales Sale(const std::string& store_id, v1::StoreArea area,
                    v1::SalesPeriod period, int64_t units_sold);
v1::RecordStoreSalesRequest SalesRequest(const std::string& request_id,
                                         const std::string& study_id,
                                         std::vector<v1::StoreSales> sales);

// Both periods of a store in one go.
void AddStore(v1::RecordStoreSalesRequest& request, const std::string& store_id,
              v1::StoreArea area, int64_t before, int64_t during);

class StudiesTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // Creates a study as ops, asserting success.
  v1::UpliftStudy MustCreate(const std::string& request_id,
                             const std::string& campaign_id,
                             const std::string& name);
  // Records sales as ops, asserting success.
  v1::RecordStoreSalesResponse MustRecord(
      const v1::RecordStoreSalesRequest& request);

  // Every row of the study tables, the idempotency keys and each campaign's
  // report version, as text: equal snapshots mean nothing was written.
  std::string Snapshot();
  int64_t Count(const std::string& table);
  int64_t ReportVersion(const std::string& campaign_id);
  // The units stored for (study, store, period); -1 when none.
  int64_t UnitsOf(const std::string& study_id, const std::string& store_id,
                  v1::SalesPeriod period);

  nanoinfluence::testing::TempDir dir_;
  std::unique_ptr<sql::Database> db_;
  std::unique_ptr<UpliftStudies> studies_;
};

}  // namespace nanoinfluence::kpi::testing
