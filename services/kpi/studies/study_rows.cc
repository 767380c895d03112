#include "services/kpi/studies/study_rows.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/auth/tenancy.h"
#include "libs/status/status_macros.h"
#include "libs/validation/timestamps.h"
#include "services/kpi/studies/study_checks.h"

namespace nanoinfluence::kpi {
namespace {

void SetPeriod(int64_t first, int64_t last, v1::DateRange* range) {
  *range->mutable_first_day() = DateOfDay(first);
  *range->mutable_last_day() = DateOfDay(last);
}

v1::AreaPeriodTotals Totals(v1::StoreArea area, v1::SalesPeriod period,
                            int64_t units, int stores) {
  v1::AreaPeriodTotals totals;
  totals.set_area(area);
  totals.set_period(period);
  totals.set_units_sold(units);
  totals.set_stores(stores);
  return totals;
}

}  // namespace

v1::UpliftStudy StudyFromRow(const sql::Row& row) {
  v1::UpliftStudy study;
  study.set_study_id(row.Text(0));
  study.set_campaign_id(row.Text(1));
  study.set_brand_id(row.Text(2));
  study.set_name(row.Text(3));
  SetPeriod(row.Int(4), row.Int(5), study.mutable_before());
  SetPeriod(row.Int(6), row.Int(7), study.mutable_during());
  study.set_min_stores_per_area(static_cast<int32_t>(row.Int(8)));
  study.set_default_seed(SeedOf(row.Int(9)));
  study.set_exposed_stores(static_cast<int32_t>(row.Int(10)));
  study.set_control_stores(static_cast<int32_t>(row.Int(11)));
  if (auto created = TimestampColumn(row, 12)) {
    *study.mutable_create_time() = *created;
  }
  if (auto last_sales = TimestampColumn(row, 13)) {
    *study.mutable_last_sales_time() = *last_sales;
  }
  return study;
}

// Two's complement both ways (defined in C++20): every uint64 seed has an
// INTEGER column value, and 0 stays 0 for the table's CHECK.
int64_t SeedColumn(uint64_t seed) { return static_cast<int64_t>(seed); }
uint64_t SeedOf(int64_t column) { return static_cast<uint64_t>(column); }

absl::StatusOr<v1::UpliftStudy> LoadStudy(sql::Connection& tx,
                                          absl::string_view study_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kStudyColumns,
                            " FROM uplift_studies WHERE study_id = ?"),
               {std::string(study_id)}));
  if (rows.rows.empty()) return auth::NotFound("study", study_id);
  return StudyFromRow(rows.rows[0]);
}

absl::StatusOr<v1::UpliftStudy> LoadVisibleStudy(sql::Connection& tx,
                                                 const auth::Caller& caller,
                                                 absl::string_view study_id) {
  NANO_ASSIGN_OR_RETURN(v1::UpliftStudy study, LoadStudy(tx, study_id));
  // The same answer as a missing study, so ids cannot be probed.
  if (!caller.SeesBrand(study.brand_id())) {
    return auth::NotFound("study", study_id);
  }
  return study;
}

absl::StatusOr<std::vector<StoreFigures>> LoadStoreFigures(
    sql::Connection& tx, absl::string_view study_id) {
  std::vector<StoreFigures> stores;
  NANO_RETURN_IF_ERROR(tx.QueryEach(
      "SELECT st.store_id, st.area, sa.period, sa.units_sold "
      "FROM uplift_stores st JOIN uplift_sales sa "
      "ON sa.study_id = st.study_id AND sa.store_id = st.store_id "
      "WHERE st.study_id = ? ORDER BY st.store_id, sa.period",
      {std::string(study_id)}, [&](const sql::Row& row) {
        if (stores.empty() || stores.back().store_id != row.View(0)) {
          StoreFigures store;
          store.store_id = row.Text(0);
          store.exposed = row.Int(1) == v1::STORE_AREA_EXPOSED;
          stores.push_back(std::move(store));
        }
        (row.Int(2) == v1::SALES_PERIOD_BEFORE ? stores.back().before
                                               : stores.back().during) =
            row.Int(3);
      }));
  return stores;
}

Uplift ComputeFor(const v1::UpliftStudy& study,
                  std::vector<StoreFigures> stores, uint64_t seed,
                  int iterations) {
  return ComputeUplift(std::move(stores),
                       {.min_stores_per_area = study.min_stores_per_area(),
                        .seed = seed,
                        .iterations = iterations,
                        .confidence = kConfidence});
}

v1::UpliftResult ResultOf(const v1::UpliftStudy& study, const Uplift& uplift,
                          uint64_t seed, absl::Time now) {
  v1::UpliftResult result;
  result.set_study_id(study.study_id());
  result.set_campaign_id(study.campaign_id());
  result.set_uplift(uplift.uplift);
  result.set_ci_low(uplift.ci_low);
  result.set_ci_high(uplift.ci_high);
  result.set_confidence(kConfidence);
  result.set_seed(seed);
  result.set_iterations(uplift.iterations);
  result.set_discarded_resamples(uplift.discarded_resamples);
  result.set_exposed_ratio(uplift.exposed_ratio);
  result.set_control_ratio(uplift.control_ratio);
  // The order the contract lists them in.
  *result.add_totals() = Totals(v1::STORE_AREA_EXPOSED, v1::SALES_PERIOD_BEFORE,
                                uplift.exposed.before, uplift.exposed.stores);
  *result.add_totals() = Totals(v1::STORE_AREA_EXPOSED, v1::SALES_PERIOD_DURING,
                                uplift.exposed.during, uplift.exposed.stores);
  *result.add_totals() = Totals(v1::STORE_AREA_CONTROL, v1::SALES_PERIOD_BEFORE,
                                uplift.control.before, uplift.control.stores);
  *result.add_totals() = Totals(v1::STORE_AREA_CONTROL, v1::SALES_PERIOD_DURING,
                                uplift.control.during, uplift.control.stores);
  result.set_excluded_stores(
      static_cast<int32_t>(uplift.incomplete_stores.size()));
  *result.mutable_compute_time() = Stamp(now);
  return result;
}

}  // namespace nanoinfluence::kpi
