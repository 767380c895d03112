#include "tests/kpi/aggregates/kpi_core_fixture.h"

#include "libs/sql/migrations.h"
#include "libs/sql/open_database.h"
#include "migrations.h"
#include "services/kpi/domain/conversion_curve.h"
#include "tests/harness/test_database.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::kpi::testing {

using nanoinfluence::testing::OpsCaller;
using nanoinfluence::testing::ServiceCaller;

void KpiCoreTest::SetUp() {
  kpi_ = NewCore("kpi.db");
  db_ = dbs_.back().get();
}

std::unique_ptr<Kpi> KpiCoreTest::NewCore(const std::string& file) {
  // The file's name without ".db" names the PostgreSQL database.
  auto url = nanoinfluence::testing::TestDatabaseUrl(
      dir_, file.substr(0, file.rfind('.')));
  EXPECT_TRUE(url.ok()) << url.status();
  if (!url.ok()) return nullptr;
  auto db = sql::OpenDatabase({.url = *url, .data_dir = "", .service = "kpi"});
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return nullptr;
  auto version = sql::ApplyMigrations(**db, kpi::Migrations());
  EXPECT_TRUE(version.ok()) << version.status();
  dbs_.push_back(*std::move(db));
  return std::make_unique<Kpi>(*dbs_.back(), DefaultCurve(),
                               [](const std::vector<std::string>&) {});
}

void KpiCoreTest::Ingest(
    Kpi& kpi, const std::vector<common::v1::IngestEventsRequest>& batches) {
  for (const auto& batch : batches) {
    common::v1::IngestEventsResponse response;
    const absl::Status status =
        kpi.IngestEvents(ServiceCaller(batch.producer()), batch, &response);
    ASSERT_TRUE(status.ok()) << status;
    ASSERT_EQ(response.rejected_event_ids_size(), 0);
  }
}

v1::CampaignReport KpiCoreTest::Report(Kpi& kpi,
                                       const std::string& campaign_id) {
  v1::GetCampaignReportRequest request;
  request.set_campaign_id(campaign_id);
  v1::CampaignReport report;
  const absl::Status status =
      kpi.GetCampaignReport(OpsCaller(), request, &report);
  EXPECT_TRUE(status.ok()) << status;
  return report;
}

}  // namespace nanoinfluence::kpi::testing
