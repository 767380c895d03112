// The figures kpi shows come from the real producers: recruitment selects
// testers, dispatch ships to them, ugc takes their content, and each
// service's relay delivers its events to a real kpi_server. The report must
// show what the test did, counted from the answers the services gave it,
// and a recount must agree.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/events/outbox.h"
#include "tests/dispatch/dispatch_suite.h"
#include "tests/harness/eventually.h"

namespace nanoinfluence::testing {
namespace {

using KpiStub = kpi::v1::KpiService::Stub;

// Review texts distinct enough that moderation takes none for a copy.
const char* const kReviews[] = {
    "Crunchy oats, dark chocolate, and it kept me going until lunch without "
    "any sugar crash at all.",
    "My daughter took two to school and came back asking where we buy them; "
    "a bit pricey for a family pack though.",
    "Too sweet for my taste, the texture reminded me of cardboard after a "
    "day open in the cupboard.",
    "Perfect on a bike ride: it did not melt in the jersey pocket and the "
    "wrapper opens with one hand.",
    "I expected more hazelnut; the chocolate version is the better of the "
    "two flavours we tried this week.",
};

TEST(KpiChainTest, TheReportShowsWhatTheServicesDid) {
  DispatchSuite suite(
      {}, std::vector<std::string>{"--max_submissions_per_minute=1000"},
      /*kpi=*/true);
  ASSERT_TRUE(suite.ok()) << suite.start_error();
  const std::string brand = events::NewEventId();
  const SelectedCampaign campaign = suite.SelectCampaign(brand, 8);
  ASSERT_EQ(campaign.testers.size(), 8u) << suite.start_error();
  ASSERT_TRUE(suite.SetStock(campaign, "OAT", 100));
  ASSERT_TRUE(Eventually([&] {
    return suite.QueryUgcInt(absl::StrCat(
               "SELECT COUNT(*) FROM campaigns WHERE campaign_id = '",
               campaign.campaign_id, "'")) == 1;
  }));

  // Six testers get their parcel, one only has it shipped, one allocated.
  const auto shipped = common::v1::SHIPMENT_STATUS_SHIPPED;
  const auto delivered = common::v1::SHIPMENT_STATUS_DELIVERED;
  for (int i = 0; i < 8; ++i) {
    std::vector<common::v1::ShipmentStatus> path = {shipped, delivered};
    if (i == 6) path = {shipped};
    if (i == 7) path = {};
    ASSERT_EQ(suite.Ship(campaign, campaign.testers[i], "OAT", path), "");
  }
  // Five delivered testers review; one posts without a disclosure marker.
  int64_t approved = 0, pending = 0, stars = 0;
  for (int i = 0; i < 6; ++i) {
    ugc_v1::SubmitContentRequest request;
    request.set_request_id(events::NewEventId());
    request.set_campaign_id(campaign.campaign_id);
    request.set_disclosure(true);
    if (i < 5) {
      request.set_kind(common::v1::CONTENT_KIND_REVIEW);
      request.set_rating(1 + i % 5);
      request.set_title("Tried it for a week");
      request.set_body(kReviews[i]);
      request.set_platform(common::v1::PLATFORM_RETAILER_SITE);
    } else {
      request.set_kind(common::v1::CONTENT_KIND_SOCIAL_POST);
      request.set_social_network(common::v1::SOCIAL_NETWORK_INSTAGRAM);
      request.set_body("New breakfast favourite, thanks for the box!");
      request.set_public_url("https://www.instagram.com/p/chain-test");
    }
    auto answer = suite.CallUgc(&UgcStub::SubmitContent,
                                AmbassadorCaller(campaign.testers[i]), request);
    ASSERT_TRUE(answer.ok()) << answer.message();
    const auto status = answer.response.content().status();
    if (status == common::v1::CONTENT_STATUS_APPROVED) {
      ++approved;
      stars += request.rating();
    }
    if (status == common::v1::CONTENT_STATUS_PENDING) ++pending;
  }
  ASSERT_GT(approved, 0);

  kpi::v1::GetCampaignReportRequest request;
  request.set_campaign_id(campaign.campaign_id);
  Answer<kpi::v1::CampaignReport> report;
  ASSERT_TRUE(Eventually([&] {
    report =
        suite.CallKpi(&KpiStub::GetCampaignReport, BrandCaller(brand), request);
    const auto& total = report.response.total();
    return report.ok() && total.funnel().delivered() == 6 &&
           total.ugc().approved_total() + total.ugc().pending_total() ==
               approved + pending;
  })) << report.message()
      << " " << report.response.ShortDebugString();
  const kpi::v1::ReportFigures& total = report.response.total();
  EXPECT_EQ(total.funnel().selected(), 8);
  EXPECT_EQ(total.funnel().allocated(), 8);
  EXPECT_EQ(total.funnel().shipped(), 7);
  EXPECT_EQ(total.funnel().delivered(), 6);
  EXPECT_EQ(total.funnel().posted(), approved);
  EXPECT_EQ(total.ugc().approved_total(), approved);
  EXPECT_EQ(total.ugc().pending_total(), pending);
  ASSERT_EQ(total.ratings_size(), 1);
  EXPECT_DOUBLE_EQ(total.ratings(0).average(),
                   static_cast<double>(stars) / approved);
  EXPECT_EQ(report.response.brand_id(), brand);

  kpi::v1::RecountRequest recount;
  recount.set_request_id(events::NewEventId());
  recount.set_campaign_id(campaign.campaign_id);
  recount.set_source(kpi::v1::RECOUNT_SOURCE_EVENT_LOG);
  recount.set_compare_only(true);
  auto recounted = suite.CallKpi(&KpiStub::Recount, OpsCaller(), recount);
  ASSERT_TRUE(recounted.ok()) << recounted.message();
  EXPECT_THAT(recounted.response.differences(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace nanoinfluence::testing
