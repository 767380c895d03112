#include "tests/fault/invariants.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "libs/suite/event_routes.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/harness/eventually.h"
#include "tests/harness/outbox_delivered.h"
#include "tests/harness/test_tokens.h"
#include "tests/recruitment/recruitment_client.h"

namespace nanoinfluence::testing {
namespace {

// A recount replays a campaign's events from kpi's log: the last campaigns
// (they saw the same faults as the early ones) are enough to catch
// aggregates that drifted from it. Lost events are caught by comparing the
// funnel with the acknowledged writes.
constexpr int kRecounted = 12;
// Scheduling on a loaded 2-core machine: a call may end this much after
// its deadline without having waited for anything.
constexpr absl::Duration kOverrunSlack = absl::Milliseconds(500);

std::string Quoted(const std::vector<std::string>& ids) {
  std::vector<std::string> quoted;
  for (const std::string& id : ids)
    quoted.push_back(absl::StrCat("'", id, "'"));
  return quoted.empty() ? "''" : absl::StrJoin(quoted, ",");
}

std::vector<std::string> Keys(
    const std::map<std::string, Acknowledged::Campaign>& campaigns) {
  std::vector<std::string> keys;
  for (const auto& [id, campaign] : campaigns) keys.push_back(id);
  return keys;
}

// The rows of `table` are exactly `ids` (each once, nothing else).
void ExpectExactly(FaultSuite& suite, const std::string& service,
                   const std::string& table, const std::string& column,
                   const std::vector<std::string>& ids) {
  SCOPED_TRACE(absl::StrCat(service, ".", table));
  const auto n = static_cast<int64_t>(ids.size());
  EXPECT_EQ(suite.Query(service, absl::StrCat("SELECT COUNT(*) FROM ", table)),
            n)
      << "rows beyond the acknowledged writes";
  EXPECT_EQ(suite.Query(service,
                        absl::StrCat("SELECT COUNT(*) FROM ", table, " WHERE ",
                                     column, " IN (", Quoted(ids), ")")),
            n)
      << "acknowledged writes missing";
}

void ExpectOutboxDrained(FaultSuite& suite) {
  for (const std::string producer : {"recruitment", "dispatch", "ugc"}) {
    for (const auto& [subscriber, types] : EventRoutesFrom(producer)) {
      const std::string sql = OutboxDeliveredQuery(subscriber);
      EXPECT_TRUE(Eventually([&] { return suite.Query(producer, sql) == 1; },
                             absl::Seconds(90)))
          << producer << "'s outbox never drained to " << subscriber;
    }
  }
}

void ExpectKpiCounts(FaultSuite& suite, const Acknowledged& acknowledged) {
  auto kpi = kpi::v1::KpiService::NewStub(suite.Channel("kpi"));
  int recounted = 0;
  for (auto it = acknowledged.campaigns.rbegin();
       it != acknowledged.campaigns.rend(); ++it) {
    const auto& [id, fed] = *it;
    SCOPED_TRACE(absl::StrCat("campaign ", id));
    kpi::v1::GetCampaignReportRequest request;
    request.set_campaign_id(id);
    kpi::v1::CampaignReport report;
    grpc::ClientContext context;
    AddBearer(context, OpsCaller());
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    const grpc::Status read =
        kpi->GetCampaignReport(&context, request, &report);
    if (read.error_code() == grpc::StatusCode::NOT_FOUND &&
        fed.applications == 0) {
      continue;  // opened, or not even, before the workload stopped
    }
    ASSERT_TRUE(read.ok()) << read.error_message();
    const kpi::v1::Funnel& funnel = report.total().funnel();
    EXPECT_EQ(funnel.applied(), fed.applications);
    EXPECT_EQ(funnel.selected(), fed.selected);
    EXPECT_EQ(funnel.allocated(), fed.allocations);
    EXPECT_EQ(funnel.shipped(), fed.shipped);
    EXPECT_EQ(funnel.delivered(), fed.delivered);
    const kpi::v1::UgcSummary& ugc = report.total().ugc();
    EXPECT_EQ(ugc.approved_total() + ugc.pending_total() + ugc.rejected_total(),
              fed.contents);
    if (recounted++ >= kRecounted) continue;
    kpi::v1::RecountRequest recount;
    recount.set_request_id(NewRequestId());
    recount.set_campaign_id(id);
    recount.set_source(kpi::v1::RECOUNT_SOURCE_EVENT_LOG);
    recount.set_compare_only(true);
    kpi::v1::RecountResponse differences;
    grpc::ClientContext recount_context;
    AddBearer(recount_context, OpsCaller());
    recount_context.set_deadline(
        absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    const grpc::Status done =
        kpi->Recount(&recount_context, recount, &differences);
    ASSERT_TRUE(done.ok()) << done.error_message();
    EXPECT_EQ(differences.differences_size(), 0)
        << differences.ShortDebugString();
  }
}

}  // namespace

void ExpectInvariants(FaultSuite& suite, const Acknowledged& acknowledged,
                      const CallStats& stats) {
  std::cout << "fault figures: " << stats.Summary() << "\n";
  for (const std::string& example : stats.examples) {
    std::cout << "  example: " << example << "\n";
  }
  EXPECT_EQ(stats.unexpected, 0) << "answers no fault explains";
  EXPECT_EQ(stats.abandoned, 0) << "writes never acknowledged";
  EXPECT_EQ(stats.replay_mismatches, 0) << "retries answered differently";
  EXPECT_LE(stats.worst_overrun, kOverrunSlack)
      << "a call waited past its deadline";
  EXPECT_GT(stats.cycles, 0) << "the workload never completed a campaign";

  ExpectOutboxDrained(suite);

  ExpectExactly(suite, "recruitment", "ambassadors", "ambassador_id",
                acknowledged.ambassadors);
  ExpectExactly(suite, "recruitment", "applications", "application_id",
                acknowledged.applications);
  ExpectExactly(suite, "recruitment", "campaigns", "campaign_id",
                Keys(acknowledged.campaigns));
  ExpectExactly(suite, "dispatch", "shipments", "shipment_id",
                acknowledged.shipments);
  ExpectExactly(suite, "ugc", "contents", "content_id", acknowledged.contents);

  // Tracking: each shipment at the status last acknowledged.
  std::vector<std::string> statuses;
  for (const auto& [shipment, status] : acknowledged.shipment_status) {
    statuses.push_back(absl::StrCat("('", shipment, "',", status, ")"));
  }
  if (!statuses.empty()) {
    EXPECT_EQ(suite.Query("dispatch",
                          absl::StrCat("SELECT COUNT(*) FROM shipments WHERE "
                                       "(shipment_id, status) IN (VALUES ",
                                       absl::StrJoin(statuses, ","), ")")),
              static_cast<int64_t>(statuses.size()))
        << "a shipment is not at its acknowledged status";
  }

  // Stock: units conserved, allocations counted once.
  int64_t stocked = 0, units = 0, allocations = 0;
  for (const auto& [id, campaign] : acknowledged.campaigns) {
    if (campaign.stock_set < 0) continue;
    ++stocked;
    units += campaign.stock_set;
    allocations += campaign.allocations;
  }
  EXPECT_EQ(suite.Query("dispatch", "SELECT COUNT(*) FROM stock"), stocked);
  EXPECT_EQ(suite.Query("dispatch",
                        "SELECT COALESCE(SUM(units_available + units_allocated "
                        "+ units_shipped + units_written_off), 0) FROM stock"),
            units);
  EXPECT_EQ(suite.Query("dispatch",
                        "SELECT COALESCE(SUM(units_allocated + units_shipped), "
                        "0) FROM stock"),
            allocations);
  EXPECT_EQ(
      suite.Query("dispatch",
                  "SELECT COUNT(*) FROM stock s WHERE units_allocated + "
                  "units_shipped != (SELECT COUNT(*) FROM shipments h WHERE "
                  "h.campaign_id = s.campaign_id AND h.sku = s.sku)"),
      0)
      << "a campaign's stock disagrees with its shipments";
  EXPECT_EQ(suite.Query("dispatch",
                        "SELECT COUNT(*) FROM (SELECT campaign_id, "
                        "ambassador_id FROM shipments GROUP BY campaign_id, "
                        "ambassador_id HAVING COUNT(*) > 1)"),
            0)
      << "two shipments for one (campaign, ambassador)";

  for (const std::string& service : SuiteServiceNames()) {
    EXPECT_EQ(suite.Query(service,
                          "SELECT COUNT(*) FROM pragma_integrity_check WHERE "
                          "integrity_check != 'ok'"),
              0)
        << service << ": integrity_check";
  }

  ExpectKpiCounts(suite, acknowledged);
}

}  // namespace nanoinfluence::testing
