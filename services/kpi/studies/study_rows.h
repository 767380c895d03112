// The uplift-study tables (migrations/0004_studies.sql) as protos and as the
// domain's StoreFigures, and a study's result from them. Every function runs
// in the caller's transaction.
//
//   NANO_ASSIGN_OR_RETURN(v1::UpliftStudy study,
//                         LoadVisibleStudy(tx, caller, request.study_id()));
//   NANO_ASSIGN_OR_RETURN(auto stores, LoadStoreFigures(tx, study.study_id()));
//   const Uplift uplift = ComputeFor(study, std::move(stores), seed, 10000);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "libs/sql/database.h"
#include "nanoinfluence/kpi/v1/uplift.pb.h"
#include "services/kpi/domain/uplift.h"

namespace nanoinfluence::kpi {

// The columns of uplift_studies StudyFromRow reads, in its order.
inline constexpr char kStudyColumns[] =
    "study_id, campaign_id, brand_id, name, before_first_day, "
    "before_last_day, during_first_day, during_last_day, "
    "min_stores_per_area, default_seed, exposed_stores, control_stores, "
    "created_at, last_sales_at";

v1::UpliftStudy StudyFromRow(const sql::Row& row);

// A uint64 seed in an INTEGER column (same 64 bits), and back.
int64_t SeedColumn(uint64_t seed);
uint64_t SeedOf(int64_t column);

// The study when the caller may see it (its campaign's brand); NOT_FOUND
// ("study ...: not found") when missing or another brand's.
absl::StatusOr<v1::UpliftStudy> LoadVisibleStudy(sql::Connection& tx,
                                                 const auth::Caller& caller,
                                                 absl::string_view study_id);

// The study, with no tenancy check; NOT_FOUND when missing.
absl::StatusOr<v1::UpliftStudy> LoadStudy(sql::Connection& tx,
                                          absl::string_view study_id);

// Every store of the study with its recorded periods.
absl::StatusOr<std::vector<StoreFigures>> LoadStoreFigures(
    sql::Connection& tx, absl::string_view study_id);

// ComputeUplift with the study's minimum of stores, at 95%.
Uplift ComputeFor(const v1::UpliftStudy& study,
                  std::vector<StoreFigures> stores, uint64_t seed,
                  int iterations);

// The UpliftResult of an `uplift` given (not refused), computed at `now`.
v1::UpliftResult ResultOf(const v1::UpliftStudy& study, const Uplift& uplift,
                          uint64_t seed, absl::Time now);

}  // namespace nanoinfluence::kpi
