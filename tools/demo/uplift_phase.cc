// The brand's sales-uplift study: unit sales of 12 stores in areas where
// the testers live and 12 comparable stores elsewhere, the four weeks
// before the campaign and the four weeks of it. Exposed stores grow about
// 17%, control stores about 2%: a real uplift near +15%.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "tools/demo/phases.h"
#include "tools/demo/random_stream.h"
#include "tools/demo/retrying_call.h"
#include "tools/nanoctl_client/report_table.h"

namespace nanoinfluence::demo {
namespace {

namespace kv1 = kpi::v1;

constexpr int kStoresPerArea = 12;

absl::Status Failed(const std::string& what, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(what, ": ", status.message()));
}

common::v1::Date DaysAgo(int days) {
  const absl::CivilDay day =
      absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - days;
  common::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

std::vector<StoreRecord> DrawStores(uint64_t seed) {
  std::vector<StoreRecord> stores;
  for (int i = 0; i < 2 * kStoresPerArea; ++i) {
    RandomStream rng(seed, "store", static_cast<uint64_t>(i));
    StoreRecord& store = stores.emplace_back();
    store.exposed = i < kStoresPerArea;
    store.store_id =
        absl::StrFormat("%s-%04d", store.exposed ? "HDF" : "BRE", 100 + 37 * i);
    const double base = std::max(150.0, rng.Normal(420, 90));
    const double growth =
        store.exposed ? rng.Normal(1.17, 0.06) : rng.Normal(1.02, 0.05);
    store.before = std::llround(base);
    store.during = std::llround(base * growth);
  }
  return stores;
}

}  // namespace

absl::Status RecordUpliftStudy(DemoContext& demo) {
  demo.progress.Begin("uplift");
  Ledger& ledger = demo.ledger;
  const std::string brand = demo.bearers->Brand(ledger.brand_id);
  kv1::CreateUpliftStudyRequest create;
  create.set_request_id(NewRequestId());
  create.set_campaign_id(ledger.campaign_id());
  create.set_name(
      "Magasins Hauts-de-France (exposés) contre Bretagne (témoins)");
  *create.mutable_before()->mutable_first_day() = DaysAgo(56);
  *create.mutable_before()->mutable_last_day() = DaysAgo(29);
  *create.mutable_during()->mutable_first_day() = DaysAgo(28);
  *create.mutable_during()->mutable_last_day() = DaysAgo(1);
  create.set_default_seed(demo.options.seed * 0xd1342543de82ef95ULL | 1);
  // kpi knows the campaign once recruitment's CampaignOpened reached it.
  RetryOptions learn;
  learn.also_retry = UntilRelayed(grpc::StatusCode::NOT_FOUND);
  auto study = RetryingCall(&KpiStub::CreateUpliftStudy, *demo.kpi, brand,
                            create, learn);
  if (!study.ok()) return Failed("CreateUpliftStudy", study.status());
  ledger.study_id = study->study_id();
  ledger.study_name = study->name();
  ledger.stores = DrawStores(demo.options.seed);

  kv1::RecordStoreSalesRequest record;
  record.set_request_id(NewRequestId());
  record.set_study_id(ledger.study_id);
  for (const StoreRecord& store : ledger.stores) {
    for (const auto period :
         {kv1::SALES_PERIOD_BEFORE, kv1::SALES_PERIOD_DURING}) {
      kv1::StoreSales* sales = record.add_sales();
      sales->set_store_id(store.store_id);
      sales->set_area(store.exposed ? kv1::STORE_AREA_EXPOSED
                                    : kv1::STORE_AREA_CONTROL);
      sales->set_period(period);
      sales->set_units_sold(period == kv1::SALES_PERIOD_BEFORE ? store.before
                                                               : store.during);
    }
  }
  auto recorded =
      RetryingCall(&KpiStub::RecordStoreSales, *demo.kpi, brand, record);
  if (!recorded.ok()) return Failed("RecordStoreSales", recorded.status());

  kv1::GetUpliftResultRequest ask;
  ask.set_study_id(ledger.study_id);
  auto result = RetryingCall(&KpiStub::GetUpliftResult, *demo.kpi, brand, ask);
  if (!result.ok()) return Failed("GetUpliftResult", result.status());
  demo.progress.End(
      absl::StrCat("the brand recorded ", recorded->created(), " store sales (",
                   kStoresPerArea, " exposed + ", kStoresPerArea,
                   " control stores, before and during): uplift ",
                   tools::Percent(result->uplift(), true), ", 95% interval [",
                   tools::Percent(result->ci_low(), true), ", ",
                   tools::Percent(result->ci_high(), true), "]"));
  return absl::OkStatus();
}

}  // namespace nanoinfluence::demo
