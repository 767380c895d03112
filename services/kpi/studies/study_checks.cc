#include "services/kpi/studies/study_checks.h"

#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::kpi {
namespace {

using validation::Indexed;
using validation::InvalidField;
using validation::Nested;

// A required DateRange: both days real, in order, at most 366 days.
absl::Status CheckPeriod(absl::string_view field, bool present,
                         const v1::DateRange& range) {
  if (!present) return InvalidField(field, "required");
  NANO_RETURN_IF_ERROR(
      validation::CheckDate(Nested(field, "first_day"), range.first_day()));
  NANO_RETURN_IF_ERROR(
      validation::CheckDate(Nested(field, "last_day"), range.last_day()));
  const int64_t first = DayNumber(range.first_day());
  const int64_t last = DayNumber(range.last_day());
  if (last < first) {
    return InvalidField(Nested(field, "last_day"), "before first_day");
  }
  if (last - first + 1 > kMaxPeriodDays) {
    return InvalidField(field, absl::StrCat("longer than ", kMaxPeriodDays,
                                            " days (", last - first + 1, ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<StudyPlan> CheckCreateStudy(
    const v1::CreateUpliftStudyRequest& request) {
  NANO_RETURN_IF_ERROR(validation::CheckRequestId(request.request_id()));
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  StudyPlan plan;
  NANO_ASSIGN_OR_RETURN(
      plan.name, validation::CleanText("name", request.name(),
                                       {.min_chars = 1, .max_chars = 100}));
  NANO_RETURN_IF_ERROR(
      CheckPeriod("before", request.has_before(), request.before()));
  NANO_RETURN_IF_ERROR(
      CheckPeriod("during", request.has_during(), request.during()));
  plan.before_first = DayNumber(request.before().first_day());
  plan.before_last = DayNumber(request.before().last_day());
  plan.during_first = DayNumber(request.during().first_day());
  plan.during_last = DayNumber(request.during().last_day());
  if (plan.during_first <= plan.before_last) {
    return InvalidField("during.first_day",
                        "must be after before.last_day (the periods overlap)");
  }
  if (request.min_stores_per_area() != 0) {
    if (request.min_stores_per_area() < kMinStoresPerArea ||
        request.min_stores_per_area() > kMaxStoresPerArea) {
      return InvalidField(
          "min_stores_per_area",
          absl::StrCat(kMinStoresPerArea, "..", kMaxStoresPerArea,
                       ", or 0 for ", kDefaultMinStoresPerArea));
    }
    plan.min_stores_per_area = request.min_stores_per_area();
  }
  plan.default_seed = request.default_seed();
  return plan;
}

absl::StatusOr<std::vector<SalesRecord>> CheckRecordSales(
    const v1::RecordStoreSalesRequest& request) {
  NANO_RETURN_IF_ERROR(validation::CheckRequestId(request.request_id()));
  NANO_RETURN_IF_ERROR(validation::CheckUuid("study_id", request.study_id()));
  if (request.sales().empty()) {
    return InvalidField("sales", "required (1..1000 records)");
  }
  NANO_RETURN_IF_ERROR(validation::CheckMaxSize("sales", request.sales_size(),
                                                kMaxSalesPerCall));
  std::vector<SalesRecord> records;
  records.reserve(request.sales_size());
  // Where each store and each (store, period) first appears in the batch.
  absl::flat_hash_map<std::string, int> first_of_store;
  std::map<std::pair<std::string, int>, int> first_of_figure;
  for (int i = 0; i < request.sales_size(); ++i) {
    const v1::StoreSales& sale = request.sales(i);
    const std::string field = Indexed("sales", i);
    SalesRecord record;
    record.index = i;
    NANO_ASSIGN_OR_RETURN(
        record.store_id,
        validation::CleanText(Nested(field, "store_id"), sale.store_id(),
                              {.min_chars = 1, .max_chars = 64}));
    NANO_RETURN_IF_ERROR(
        validation::CheckEnum(Nested(field, "area"), sale.area()));
    NANO_RETURN_IF_ERROR(
        validation::CheckEnum(Nested(field, "period"), sale.period()));
    if (sale.units_sold() < 0 || sale.units_sold() > kMaxUnitsSold) {
      return InvalidField(Nested(field, "units_sold"), "0..1000000000");
    }
    record.area = sale.area();
    record.period = sale.period();
    record.units_sold = sale.units_sold();

    const auto [store, new_store] = first_of_store.emplace(record.store_id, i);
    if (!new_store && records[store->second].area != record.area) {
      return InvalidField(
          Nested(field, "area"),
          absl::StrCat("store \"", record.store_id, "\" is ",
                       v1::StoreArea_Name(records[store->second].area), " in ",
                       Indexed("sales", store->second)));
    }
    const auto [figure, new_figure] = first_of_figure.emplace(
        std::make_pair(record.store_id, int{record.period}), i);
    if (!new_figure) {
      return InvalidField(field,
                          absl::StrCat("the same store_id and period as ",
                                       Indexed("sales", figure->second)));
    }
    records.push_back(std::move(record));
  }
  return records;
}

absl::StatusOr<int> CheckGetResult(const v1::GetUpliftResultRequest& request) {
  NANO_RETURN_IF_ERROR(validation::CheckUuid("study_id", request.study_id()));
  if (request.iterations() == 0) return kDefaultIterations;
  if (request.iterations() < kMinIterations ||
      request.iterations() > kMaxIterations) {
    return InvalidField("iterations",
                        absl::StrCat(kMinIterations, "..", kMaxIterations,
                                     ", or 0 for ", kDefaultIterations));
  }
  return request.iterations();
}

}  // namespace nanoinfluence::kpi
