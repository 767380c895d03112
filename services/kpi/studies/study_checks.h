// Checks of the uplift-study requests, before any transaction: every rule of
// kpi_service.proto that the request alone decides, as an INVALID_ARGUMENT
// whose message starts with the field's path ("sales[3].units_sold: ...").
//
//   NANO_ASSIGN_OR_RETURN(const StudyPlan plan, CheckCreateStudy(request));
//
// What needs the database (tenancy, a name already used, a store recorded in
// the other area) is checked by UpliftStudies in the write's transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nanoinfluence/common/v1/types.pb.h"
#include "nanoinfluence/kpi/v1/kpi_service.pb.h"
#include "nanoinfluence/kpi/v1/uplift.pb.h"
#include "services/kpi/date_range.h"

namespace nanoinfluence::kpi {

// Usable stores per area when the request leaves it at 0, and the bounds.
inline constexpr int kDefaultMinStoresPerArea = 5;
inline constexpr int kMinStoresPerArea = 2;
inline constexpr int kMaxStoresPerArea = 10000;
// Longest span of a period, both ends included.
inline constexpr int kMaxPeriodDays = 366;
// Bootstrap resamples of GetUpliftResult: the default (also that of the
// campaign report's outcomes) and the bounds.
inline constexpr int kDefaultIterations = 10000;
inline constexpr int kMinIterations = 1000;
inline constexpr int kMaxIterations = 100000;
// Records of one RecordStoreSales call, and the units of one record.
inline constexpr int kMaxSalesPerCall = 1000;
inline constexpr int64_t kMaxUnitsSold = 1000000000;
// The interval every result is given at (UpliftResult.confidence).
inline constexpr double kConfidence = 0.95;

// A checked CreateUpliftStudy request, days as DayNumber.
struct StudyPlan {
  std::string name;  // trimmed
  int64_t before_first = 0, before_last = 0;
  int64_t during_first = 0, during_last = 0;
  int min_stores_per_area = kDefaultMinStoresPerArea;
  uint64_t default_seed = 0;  // 0 = the server picks one
};

// INVALID_ARGUMENT naming `request_id`, `campaign_id`, `name`, `before...`,
// `during...` (also when it does not start after `before` ends) or
// `min_stores_per_area`.
absl::StatusOr<StudyPlan> CheckCreateStudy(
    const v1::CreateUpliftStudyRequest& request);

// One checked record of a RecordStoreSales request.
struct SalesRecord {
  int index = 0;         // in `sales`, for messages
  std::string store_id;  // trimmed
  v1::StoreArea area = v1::STORE_AREA_UNSPECIFIED;
  v1::SalesPeriod period = v1::SALES_PERIOD_UNSPECIFIED;
  int64_t units_sold = 0;
};

// INVALID_ARGUMENT naming `request_id`, `study_id`, `sales` (empty or over
// 1,000), `sales[i].store_id`, `.area`, `.period`, `.units_sold`, or
// `sales[i]` for a (store, period) already in the batch and
// `sales[i].area` for a store given both areas in the batch.
absl::StatusOr<std::vector<SalesRecord>> CheckRecordSales(
    const v1::RecordStoreSalesRequest& request);

// The resamples GetUpliftResult draws: 0 = 10,000, else 1,000..100,000;
// INVALID_ARGUMENT naming `study_id` or `iterations`.
absl::StatusOr<int> CheckGetResult(const v1::GetUpliftResultRequest& request);

}  // namespace nanoinfluence::kpi
