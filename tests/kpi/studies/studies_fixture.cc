#include "tests/kpi/studies/studies_fixture.h"

#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/sql/migrations.h"
#include "libs/sql/open_database.h"
#include "migrations.h"
#include "tests/harness/test_database.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::kpi::testing {

auth::Caller Ops() { return nanoinfluence::testing::OpsCaller(); }
auth::Caller BrandA() { return nanoinfluence::testing::BrandCaller(kBrandA); }
auth::Caller BrandB() { return nanoinfluence::testing::BrandCaller(kBrandB); }

common::v1::Date Day(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

v1::DateRange Range(const common::v1::Date& first,
                    const common::v1::Date& last) {
  v1::DateRange range;
  *range.mutable_first_day() = first;
  *range.mutable_last_day() = last;
  return range;
}

v1::CreateUpliftStudyRequest CreateRequest(const std::string& request_id,
                                           const std::string& campaign_id,
                                           const std::string& name) {
  v1::CreateUpliftStudyRequest request;
  request.set_request_id(request_id);
  request.set_campaign_id(campaign_id);
  request.set_name(name);
  *request.mutable_before() = Range(Day(2024, 1, 1), Day(2024, 1, 31));
  *request.mutable_during() = Range(Day(2024, 2, 1), Day(2024, 2, 29));
  request.set_min_stores_per_area(2);
  request.set_default_seed(42);
  return request;
}

v1::StoreSales Sale(const std::string& store_id, v1::StoreArea area,
                    v1::SalesPeriod period, int64_t units_sold) {
  v1::StoreSales sale;
  sale.set_store_id(store_id);
  sale.set_area(area);
  sale.set_period(period);
  sale.set_units_sold(units_sold);
  return sale;
}

v1::RecordStoreSalesRequest SalesRequest(const std::string& request_id,
                                         const std::string& study_id,
                                         std::vector<v1::StoreSales> sales) {
  v1::RecordStoreSalesRequest request;
  request.set_request_id(request_id);
  request.set_study_id(study_id);
  for (v1::StoreSales& sale : sales) *request.add_sales() = std::move(sale);
  return request;
}

void AddStore(v1::RecordStoreSalesRequest& request, const std::string& store_id,
              v1::StoreArea area, int64_t before, int64_t during) {
  *request.add_sales() = Sale(store_id, area, v1::SALES_PERIOD_BEFORE, before);
  *request.add_sales() = Sale(store_id, area, v1::SALES_PERIOD_DURING, during);
}

void StudiesTest::SetUp() {
  auto url = nanoinfluence::testing::TestDatabaseUrl(dir_, "kpi");
  ASSERT_TRUE(url.ok()) << url.status();
  auto db = sql::OpenDatabase({.url = *url, .data_dir = "", .service = "kpi"});
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = std::move(*db);
  auto version = sql::ApplyMigrations(*db_, kpi::Migrations());
  ASSERT_TRUE(version.ok()) << version.status();
  for (const auto& [campaign, brand, opened] :
       std::vector<std::tuple<std::string, std::string, int64_t>>{
           {kCampaignA, kBrandA, 1},
           {kCampaignA2, kBrandA, 1},
           {kCampaignB, kBrandB, 1},
           {kUnopenedA, kBrandA, 0}}) {
    ASSERT_TRUE(db_->Execute("INSERT INTO campaigns (campaign_id, brand_id, "
                             "opened) VALUES (?, ?, ?)",
                             {campaign, brand, opened})
                    .ok());
  }
  studies_ = std::make_unique<UpliftStudies>(*db_);
}

v1::UpliftStudy StudiesTest::MustCreate(const std::string& request_id,
                                        const std::string& campaign_id,
                                        const std::string& name) {
  v1::UpliftStudy study;
  const absl::Status status = studies_->Create(
      Ops(), CreateRequest(request_id, campaign_id, name), &study);
  EXPECT_TRUE(status.ok()) << status;
  return study;
}

v1::RecordStoreSalesResponse StudiesTest::MustRecord(
    const v1::RecordStoreSalesRequest& request) {
  v1::RecordStoreSalesResponse response;
  const absl::Status status = studies_->RecordSales(Ops(), request, &response);
  EXPECT_TRUE(status.ok()) << status;
  return response;
}

std::string StudiesTest::Snapshot() {
  std::string text;
  for (const char* query :
       {"SELECT * FROM uplift_studies ORDER BY study_id",
        "SELECT * FROM uplift_stores ORDER BY study_id, store_id",
        "SELECT * FROM uplift_sales ORDER BY study_id, store_id, period",
        "SELECT scope, request_id FROM idempotency_keys "
        "ORDER BY scope, request_id",
        "SELECT campaign_id, version FROM campaigns ORDER BY campaign_id"}) {
    auto rows = db_->Query(query);
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok()) continue;
    absl::StrAppend(&text, query, "\n");
    for (const sql::Row& row : rows->rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        absl::StrAppend(&text, row.IsNull(i) ? "NULL" : row.Text(i), "|");
      }
      absl::StrAppend(&text, "\n");
    }
  }
  return text;
}

int64_t StudiesTest::Count(const std::string& table) {
  auto rows = db_->Query(absl::StrCat("SELECT COUNT(*) FROM ", table));
  return rows.ok() ? rows->rows[0].Int(0) : -1;
}

int64_t StudiesTest::ReportVersion(const std::string& campaign_id) {
  auto rows = db_->Query("SELECT version FROM campaigns WHERE campaign_id = ?",
                         {campaign_id});
  return rows.ok() && !rows->rows.empty() ? rows->rows[0].Int(0) : -1;
}

int64_t StudiesTest::UnitsOf(const std::string& study_id,
                             const std::string& store_id,
                             v1::SalesPeriod period) {
  auto rows = db_->Query(
      "SELECT units_sold FROM uplift_sales WHERE study_id = ? AND "
      "store_id = ? AND period = ?",
      {study_id, store_id, int64_t{period}});
  return rows.ok() && !rows->rows.empty() ? rows->rows[0].Int(0) : -1;
}

}  // namespace nanoinfluence::kpi::testing
