// The figures kpi keeps per event equal an independent count of what the
// generated campaign did, whatever the order and number of deliveries, and
// a recount from the event log finds (and repairs) any drift.
#include <algorithm>
#include <random>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/kpi/figure_paths.h"
#include "tests/harness/test_tokens.h"
#include "tests/kpi/aggregates/kpi_core_fixture.h"
#include "tests/kpi/support/expect_figures.h"

namespace nanoinfluence::kpi::testing {
namespace {

using nanoinfluence::testing::OpsCaller;
using ::testing::IsEmpty;
using ::testing::Not;

// Every figure of the report but the time of the last event.
std::map<std::string, std::string> Figures(v1::CampaignReport report) {
  report.clear_as_of_time();
  return FigurePaths(report);
}

TEST_F(KpiCoreTest, FiguresEqualAnIndependentCount) {
  const GeneratedCampaign campaign = GenerateCampaign({.applicants = 300});
  Ingest(*kpi_, RelayBatches(campaign.events));
  const v1::CampaignReport report = Report(*kpi_, CampaignSpec().campaign_id);
  ExpectFigures(report, campaign.expected);
  EXPECT_EQ(report.events_applied(),
            static_cast<int64_t>(campaign.events.size()));
  EXPECT_EQ(report.state(), v1::CAMPAIGN_STATE_OPEN);
  EXPECT_EQ(report.by_tier_size(), 3);
}

TEST_F(KpiCoreTest, DuplicatesAndAnyOrderGiveTheSameReport) {
  const GeneratedCampaign campaign = GenerateCampaign({.applicants = 80});
  Ingest(*kpi_, RelayBatches(campaign.events));
  const v1::CampaignReport in_order = Report(*kpi_, CampaignSpec().campaign_id);

  // Each event alone, shuffled; then every event once more, shuffled again.
  std::unique_ptr<Kpi> shuffled = NewCore("shuffled.db");
  std::vector<common::v1::Event> events = campaign.events;
  std::mt19937 rng(7);
  for (int round = 0; round < 2; ++round) {
    std::shuffle(events.begin(), events.end(), rng);
    std::vector<common::v1::IngestEventsRequest> one_by_one;
    for (const auto& event : events) {
      auto& batch = one_by_one.emplace_back();
      batch.set_producer(event.producer());
      *batch.add_events() = event;
    }
    Ingest(*shuffled, one_by_one);
  }
  const v1::CampaignReport out_of_order =
      Report(*shuffled, CampaignSpec().campaign_id);
  EXPECT_EQ(Figures(out_of_order), Figures(in_order));
  ExpectFigures(out_of_order, campaign.expected);
}

TEST_F(KpiCoreTest, RecountFindsNothingThenFindsAndRepairsDrift) {
  const GeneratedCampaign campaign = GenerateCampaign({.applicants = 120});
  Ingest(*kpi_, RelayBatches(campaign.events));
  const std::string campaign_id = CampaignSpec().campaign_id;
  const v1::CampaignReport before = Report(*kpi_, campaign_id);

  v1::RecountRequest request;
  request.set_request_id("recount-1");
  request.set_campaign_id(campaign_id);
  request.set_source(v1::RECOUNT_SOURCE_EVENT_LOG);
  request.set_compare_only(true);
  v1::RecountResponse clean;
  ASSERT_TRUE(kpi_->Recount(OpsCaller(), request, &clean).ok());
  EXPECT_EQ(clean.facts_replayed(),
            static_cast<int64_t>(campaign.events.size()));
  EXPECT_THAT(clean.differences(), IsEmpty());
  EXPECT_FALSE(clean.repaired());

  // Drift: a total and a daily figure moved by hand, a tester lost.
  ASSERT_TRUE(db_->Execute("UPDATE totals SET value = value + 7 WHERE name = "
                           "'views' AND tier = 1")
                  .ok());
  ASSERT_TRUE(db_->Execute("UPDATE daily SET value = value + 1 WHERE name = "
                           "'METRIC_CONTENT_APPROVED'")
                  .ok());
  ASSERT_TRUE(db_->Execute("DELETE FROM testers WHERE ambassador_id = (SELECT "
                           "MIN(ambassador_id) FROM testers WHERE "
                           "time_to_post IS NOT NULL)")
                  .ok());

  request.set_request_id("recount-2");
  v1::RecountResponse compared;
  ASSERT_TRUE(kpi_->Recount(OpsCaller(), request, &compared).ok());
  EXPECT_THAT(compared.differences(), Not(IsEmpty()));
  EXPECT_FALSE(compared.repaired());
  bool views_named = false;
  for (const auto& difference : compared.differences()) {
    if (difference.figure() == "total.online.views") {
      views_named = true;
      EXPECT_EQ(std::stoll(difference.stored_value()),
                std::stoll(difference.recounted_value()) + 7);
    }
  }
  EXPECT_TRUE(views_named);

  request.set_request_id("recount-3");
  request.set_compare_only(false);
  v1::RecountResponse repaired;
  ASSERT_TRUE(kpi_->Recount(OpsCaller(), request, &repaired).ok());
  EXPECT_TRUE(repaired.repaired());
  EXPECT_EQ(repaired.differences_size(), compared.differences_size());
  const v1::CampaignReport after = Report(*kpi_, campaign_id);
  EXPECT_EQ(Figures(after).size(), Figures(before).size());
  auto without_version = [](v1::CampaignReport report) {
    report.clear_version();
    return Figures(report);
  };
  EXPECT_EQ(without_version(after), without_version(before));
  EXPECT_GT(after.version(), before.version());

  request.set_request_id("recount-4");
  request.set_compare_only(true);
  v1::RecountResponse again;
  ASSERT_TRUE(kpi_->Recount(OpsCaller(), request, &again).ok());
  EXPECT_THAT(again.differences(), IsEmpty());
}

TEST_F(KpiCoreTest, TimeSeriesAddsUpToTheReport) {
  const GeneratedCampaign campaign = GenerateCampaign({.applicants = 150});
  Ingest(*kpi_, RelayBatches(campaign.events));
  const auto& per_day = campaign.expected.approved_per_day;
  ASSERT_FALSE(per_day.empty());

  v1::GetMetricTimeSeriesRequest request;
  request.set_campaign_id(CampaignSpec().campaign_id);
  request.set_metric(v1::METRIC_CONTENT_APPROVED);
  const absl::CivilDay epoch(1970, 1, 1);
  auto date = [&](int64_t day) {
    const absl::CivilDay civil = epoch + day;
    common::v1::Date out;
    out.set_year(static_cast<int>(civil.year()));
    out.set_month(civil.month());
    out.set_day(civil.day());
    return out;
  };
  const int64_t first = per_day.begin()->first - 1;
  const int64_t last = per_day.rbegin()->first + 1;
  *request.mutable_days()->mutable_first_day() = date(first);
  *request.mutable_days()->mutable_last_day() = date(last);
  v1::GetMetricTimeSeriesResponse series;
  ASSERT_TRUE(kpi_->GetMetricTimeSeries(OpsCaller(), request, &series).ok());
  ASSERT_EQ(series.points_size(), last - first + 1);
  for (int64_t day = first; day <= last; ++day) {
    const auto it = per_day.find(day);
    EXPECT_EQ(series.points(day - first).value(),
              it == per_day.end() ? 0 : it->second)
        << "day " << day;
  }

  request.set_cumulative(true);
  ASSERT_TRUE(kpi_->GetMetricTimeSeries(OpsCaller(), request, &series).ok());
  EXPECT_EQ(series.points(series.points_size() - 1).value(),
            campaign.expected.approved[0]);

  // Reach per day adds up to the report's reach, tier by tier.
  request.set_metric(v1::METRIC_ONLINE_REACH);
  request.set_tier(common::v1::TIER_MICRO);
  *request.mutable_days()->mutable_last_day() = date(last + 30);
  ASSERT_TRUE(kpi_->GetMetricTimeSeries(OpsCaller(), request, &series).ok());
  EXPECT_EQ(series.points(series.points_size() - 1).value(),
            campaign.expected.reach[2]);

  // An average cannot be summed.
  request.set_metric(v1::METRIC_AVERAGE_RATING);
  const absl::Status refused =
      kpi_->GetMetricTimeSeries(OpsCaller(), request, &series);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()),
              ::testing::StartsWith("cumulative"));
}

}  // namespace
}  // namespace nanoinfluence::kpi::testing

namespace nanoinfluence::kpi::testing {
namespace {

TEST_F(KpiCoreTest, AnEventRedeliveredAfterTheIntakeForgotItCountsOnce) {
  const GeneratedCampaign campaign = GenerateCampaign({.applicants = 40});
  const auto batches = RelayBatches(campaign.events);
  Ingest(*kpi_, batches);
  const v1::CampaignReport before = Report(*kpi_, CampaignSpec().campaign_id);
  // Past its retention the intake no longer knows the ids it applied.
  ASSERT_TRUE(db_->Execute("DELETE FROM applied_events").ok());
  Ingest(*kpi_, batches);
  const v1::CampaignReport after = Report(*kpi_, CampaignSpec().campaign_id);
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString());
}

TEST_F(KpiCoreTest, AMalformedEventIsRejectedAndCountsNothing) {
  const GeneratedCampaign campaign = GenerateCampaign({.applicants = 20});
  Ingest(*kpi_, RelayBatches(campaign.events));
  const v1::CampaignReport before = Report(*kpi_, CampaignSpec().campaign_id);

  common::v1::IngestEventsRequest batch;
  batch.set_producer("ugc");
  common::v1::Event* event = batch.add_events();
  event->set_event_id("e0000000-0000-4000-8000-0000000bad01");
  event->set_producer("ugc");
  event->set_sequence(1'000'000);
  event->set_type("nanoinfluence.common.v1.ContentSubmitted");
  auto* facts = event->mutable_content_submitted()->mutable_content();
  facts->set_campaign_id(CampaignSpec().campaign_id);
  facts->set_brand_id(CampaignSpec().brand_id);
  facts->set_ambassador_id("a0000000-0000-4000-8000-0000000bad01");
  facts->set_audience(-5);  // and no content_id, no submitted_at
  event->mutable_content_submitted()->set_status(
      common::v1::CONTENT_STATUS_APPROVED);
  common::v1::IngestEventsResponse response;
  ASSERT_TRUE(kpi_->IngestEvents(nanoinfluence::testing::ServiceCaller("ugc"),
                                 batch, &response)
                  .ok());
  EXPECT_EQ(response.rejected_event_ids_size(), 1);
  const v1::CampaignReport after = Report(*kpi_, CampaignSpec().campaign_id);
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString());
}

}  // namespace
}  // namespace nanoinfluence::kpi::testing
