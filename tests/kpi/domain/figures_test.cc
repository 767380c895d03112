// Every formula of the report with hand-computed expectations: what one
// tester and one content item count, the difference a change moves, the
// report's figures from stored totals, the conversion curve, nearest rank.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/kpi/domain/content_counts.h"
#include "services/kpi/domain/conversion_curve.h"
#include "services/kpi/domain/counts.h"
#include "services/kpi/domain/report_figures.h"
#include "services/kpi/domain/tester_counts.h"

namespace nanoinfluence::kpi {
namespace {

using common::v1::CONTENT_KIND_RATING;
using common::v1::CONTENT_KIND_REVIEW;
using common::v1::CONTENT_KIND_SOCIAL_POST;
using common::v1::CONTENT_KIND_WORD_OF_MOUTH;
using common::v1::CONTENT_STATUS_APPROVED;
using common::v1::CONTENT_STATUS_PENDING;
using common::v1::CONTENT_STATUS_REJECTED;
using ::testing::ElementsAre;
using ::testing::Pair;

constexpr int64_t kDay = int64_t{86'400} * 1'000'000;
// 2026-01-10 00:00 UTC, day 20463 since 1970-01-01.
constexpr int64_t kJan10 = int64_t{20463} * kDay;

int64_t Total(const Counts& counts, const char* name, int tier = 1,
              const std::string& dim = "") {
  auto it = counts.find({kTotal, tier, name, dim});
  return it == counts.end() ? 0 : it->second;
}

TEST(DayOf, FloorsToTheUtcDay) {
  EXPECT_EQ(DayOf(kJan10), 20463);
  EXPECT_EQ(DayOf(kJan10 + kDay - 1), 20463);
  EXPECT_EQ(DayOf(-1), -1);  // 1969-12-31 23:59:59.999999
}

TEST(StoredTier, UnknownTiersCountAsNano) {
  EXPECT_EQ(StoredTier(0), 1);
  EXPECT_EQ(StoredTier(2), 2);
  EXPECT_EQ(StoredTier(3), 3);
  EXPECT_EQ(StoredTier(9), 1);
}

TEST(CountTester, StagesCountInTheTierOfTheirEvent) {
  TesterState tester;
  tester.applied = true;
  tester.applied_tier = 1;  // applied as nano,
  tester.selected = true;
  tester.selected_tier = 2;  // selected and allocated as micro
  tester.allocated = true;
  tester.shipped = true;
  tester.allocation_tier = 2;
  tester.delivered_at = kJan10;
  tester.first_post_at = kJan10 + 3 * kDay;
  const Counts counts = CountTester(tester);
  EXPECT_EQ(Total(counts, total::kApplied, 1), 1);
  EXPECT_EQ(Total(counts, total::kApplied, 2), 0);
  EXPECT_EQ(Total(counts, total::kSelected, 2), 1);
  EXPECT_EQ(Total(counts, total::kDelivered, 2), 1);
  EXPECT_EQ(Total(counts, total::kPosted, 2), 1);
  EXPECT_EQ(Total(counts, total::kPostedAfterDelivery, 2), 1);
  EXPECT_EQ(counts.at({20466, 2, daily::kFirstPosts, ""}), 1);
  EXPECT_EQ(TimeToPostSeconds(tester), 3 * 86'400);
}

TEST(CountTester, OnlyTestersCountAsPosted) {
  TesterState author;  // posted, never allocated a sample
  author.first_post_at = kJan10;
  Counts counts = CountTester(author);
  EXPECT_EQ(Total(counts, total::kPosted), 0);
  EXPECT_EQ(counts.count({20463, 1, daily::kFirstPosts, ""}), 0);
  author.allocated = true;
  counts = CountTester(author);
  EXPECT_EQ(Total(counts, total::kPosted), 1);
}

TEST(StageTier, AllocationDecidesThenShipmentsThenNano) {
  TesterState tester;
  EXPECT_EQ(StageTier(tester), 1);
  tester.shipment_tier = 3;
  EXPECT_EQ(StageTier(tester), 3);
  tester.allocation_tier = 2;
  EXPECT_EQ(StageTier(tester), 2);
}

TEST(CountTester, APostBeforeDeliveryTakesNoTime) {
  TesterState tester;
  tester.delivered_at = kJan10;
  tester.first_post_at = kJan10 - 3'600'000'000;
  EXPECT_EQ(TimeToPostSeconds(tester), 0);
  tester.delivered_at.reset();
  EXPECT_EQ(TimeToPostSeconds(tester), std::nullopt);
}

TEST(CountTester, ReachCountsTheAuthorOnceWithTheFirstPostsAudience) {
  TesterState tester;
  tester.first_social_at = kJan10;
  tester.first_social_audience = 840;
  tester.first_social_tier = 1;
  tester.first_declaration_at = kJan10;
  tester.first_declaration_tier = 2;
  const Counts counts = CountTester(tester);
  EXPECT_EQ(Total(counts, total::kReach), 840);
  EXPECT_EQ(Total(counts, total::kAuthors), 1);
  EXPECT_EQ(Total(counts, total::kDeclarants, 2), 1);  // in its first's tier
  EXPECT_EQ(counts.at({20463, 1, daily::kOnlineReach, ""}), 840);
}

ContentState Review(int stars, int status) {
  ContentState content;
  content.sku = "BAR-40G";
  content.tier = 1;
  content.kind = CONTENT_KIND_REVIEW;
  content.platform = common::v1::PLATFORM_GOOGLE;
  content.rating = stars;
  content.submitted_at = kJan10;
  content.status = status;
  return content;
}

TEST(CountContent, AnApprovedReviewIsContentARatingAndAReview) {
  const Counts counts = CountContent(Review(4, CONTENT_STATUS_APPROVED));
  EXPECT_EQ(Total(counts, total::kApproved, 1, "1:3"), 1);  // REVIEW:GOOGLE
  EXPECT_EQ(Total(counts, total::kStars, 1, "BAR-40G:4"), 1);
  EXPECT_EQ(Total(counts, total::kReviews, 1, "BAR-40G:3"), 1);
  EXPECT_EQ(counts.at({20463, 1, daily::kRatingStars, ""}), 4);
}

TEST(CountContent, HeldContentCountsEachReason) {
  ContentState content = Review(2, CONTENT_STATUS_PENDING);
  content.reasons = {1, 4};
  Counts counts = CountContent(content);
  EXPECT_EQ(Total(counts, total::kPending), 1);
  EXPECT_EQ(Total(counts, total::kPendingReason, 1, "1"), 1);
  EXPECT_EQ(Total(counts, total::kPendingReason, 1, "4"), 1);
  EXPECT_EQ(Total(counts, total::kStars, 1, "BAR-40G:2"), 0);
  content.status = CONTENT_STATUS_REJECTED;
  counts = CountContent(content);
  EXPECT_EQ(Total(counts, total::kRejected), 1);
  EXPECT_EQ(Total(counts, total::kPending), 0);
}

TEST(CountContent, EngagementGainsLandOnTheirDaysAndAddUpToTheLatest) {
  ContentState post;
  post.tier = 2;
  post.kind = CONTENT_KIND_SOCIAL_POST;
  post.status = CONTENT_STATUS_APPROVED;
  post.submitted_at = kJan10;
  // Views 100 on day 0, 250 on day 2; a lower later reading (240) gains 0.
  post.points = {{kJan10 + 1, 100, 10, 2, 1},
                 {kJan10 + 2 * kDay, 250, 20, 2, 3},
                 {kJan10 + 3 * kDay, 240, 25, 2, 3}};
  const Counts counts = CountContent(post);
  EXPECT_EQ(Total(counts, total::kViews, 2), 250);
  EXPECT_EQ(Total(counts, total::kLikes, 2), 25);
  EXPECT_EQ(counts.at({20463, 2, daily::kViews, ""}), 100);
  EXPECT_EQ(counts.at({20465, 2, daily::kViews, ""}), 150);
  EXPECT_EQ(counts.count({20466, 2, daily::kViews, ""}), 0);
  // Engagements: 13 on day 0, +12 on day 2, +5 likes on day 3.
  EXPECT_EQ(counts.at({20463, 2, daily::kEngagements, ""}), 13);
  EXPECT_EQ(counts.at({20465, 2, daily::kEngagements, ""}), 12);
  EXPECT_EQ(counts.at({20466, 2, daily::kEngagements, ""}), 5);
}

TEST(AddDifference, MovesOnlyWhatChanged) {
  const Counts pending = CountContent(Review(5, CONTENT_STATUS_PENDING));
  const Counts approved = CountContent(Review(5, CONTENT_STATUS_APPROVED));
  Counts deltas;
  AddDifference(pending, approved, &deltas);
  EXPECT_EQ(Total(deltas, total::kPending), -1);
  EXPECT_EQ(Total(deltas, total::kApproved, 1, "1:3"), 1);
  AddDifference(approved, pending, &deltas);
  EXPECT_TRUE(deltas.empty());  // there and back moves nothing
}

TEST(ConversionCurve, DefaultIsThirtyPercentAtFiftyReviews) {
  const v1::ConversionCurve curve = DefaultCurve();
  EXPECT_EQ(curve.name(), "default");
  EXPECT_DOUBLE_EQ(EstimateUplift(curve, 0), 0.0);
  EXPECT_DOUBLE_EQ(EstimateUplift(curve, 25), 0.15);
  EXPECT_DOUBLE_EQ(EstimateUplift(curve, 50), 0.30);
  EXPECT_DOUBLE_EQ(EstimateUplift(curve, 500), 0.30);
}

TEST(ConversionCurve, ParsesChecksAndInterpolates) {
  auto curve = ParseCurve("steps=10:0.1,20:0.5");
  ASSERT_TRUE(curve.ok()) << curve.status();
  EXPECT_DOUBLE_EQ(EstimateUplift(*curve, 0), 0.1);  // flat before
  EXPECT_DOUBLE_EQ(EstimateUplift(*curve, 15), 0.3);
  EXPECT_FALSE(ParseCurve("x=10:0.1").ok());         // one point
  EXPECT_FALSE(ParseCurve("x=10:0.1,10:0.2").ok());  // not increasing
  EXPECT_FALSE(ParseCurve("x=0:0,5:11").ok());       // uplift over 10
  const absl::Status status = ParseCurve("=0:0,5:1").status();
  EXPECT_THAT(std::string(status.message()),
              ::testing::StartsWith("conversion_curve.name"));
}

TEST(NearestRank, IsTheValueAtCeilOfTheRank) {
  const std::vector<int64_t> sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  EXPECT_EQ(NearestRank(sorted, 0.5), 50);  // rank 5
  EXPECT_EQ(NearestRank(sorted, 0.9), 90);  // rank 9
  EXPECT_EQ(NearestRank({7}, 0.9), 7);
  EXPECT_EQ(NearestRank({1, 2, 3}, 0.5), 2);  // rank ceil(1.5) = 2
}

TEST(FiguresOf, ComputesEveryFigureFromTotals) {
  std::vector<TotalRow> totals = {
      {1, total::kApplied, "", 8},     {2, total::kApplied, "", 2},
      {1, total::kDelivered, "", 4},   {2, total::kDelivered, "", 1},
      {1, total::kPosted, "", 3},      {1, total::kPostedAfterDelivery, "", 3},
      {1, total::kApproved, "1:3", 5}, {2, total::kApproved, "7:5", 2},
      {1, total::kPending, "", 1},     {1, total::kPendingReason, "1", 1},
      {1, total::kRejected, "", 2},    {1, total::kStars, "BAR:5", 3},
      {2, total::kStars, "BAR:2", 1},  {1, total::kReviews, "BAR:3", 5},
      {1, total::kReach, "", 900},     {2, total::kReach, "", 5000},
      {1, total::kAuthors, "", 2},     {2, total::kAuthors, "", 1},
      {2, total::kPosts, "", 2},       {2, total::kLikes, "", 200},
      {2, total::kComments, "", 50},   {2, total::kShares, "", 9},
      {1, total::kPeopleTold, "", 12}, {1, total::kDeclarations, "", 2},
      {1, total::kDeclarants, "", 1},
  };
  CampaignBasis basis;
  basis.eligible = {0, 700, 200, 10};
  basis.times_to_post[1] = {3600, 60, 7200};
  const v1::ReportFigures all = FiguresOf(totals, basis, 0, DefaultCurve());
  EXPECT_EQ(all.funnel().eligible(), 910);
  EXPECT_EQ(all.funnel().applied(), 10);
  EXPECT_DOUBLE_EQ(all.funnel().completion_rate(), 3.0 / 5.0);
  EXPECT_EQ(all.funnel().median_time_to_post().seconds(), 3600);
  EXPECT_EQ(all.funnel().p90_time_to_post().seconds(), 7200);
  EXPECT_EQ(all.ugc().approved_total(), 7);
  EXPECT_DOUBLE_EQ(all.ugc().approval_rate(), 7.0 / 10.0);
  ASSERT_EQ(all.ugc().approved_size(), 2);
  EXPECT_EQ(all.ugc().approved(0).kind(), CONTENT_KIND_REVIEW);
  EXPECT_EQ(all.ugc().approved(1).kind(), CONTENT_KIND_SOCIAL_POST);
  ASSERT_EQ(all.ratings_size(), 1);
  EXPECT_EQ(all.ratings(0).ratings(), 4);
  EXPECT_DOUBLE_EQ(all.ratings(0).average(), (3 * 5 + 2) / 4.0);
  ASSERT_EQ(all.conversion().pages_size(), 1);
  EXPECT_DOUBLE_EQ(all.conversion().pages(0).progress(), 0.1);
  EXPECT_DOUBLE_EQ(all.conversion().pages(0).estimated_conversion_uplift(),
                   0.03);
  EXPECT_EQ(all.online().reach(), 5900);
  EXPECT_EQ(all.online().engagements(), 259);
  EXPECT_DOUBLE_EQ(all.online().engagement_rate(), 259.0 / 5900.0);
  EXPECT_EQ(all.offline().people_told(), 12);

  const v1::ReportFigures micro = FiguresOf(totals, basis, 2, DefaultCurve());
  EXPECT_EQ(micro.funnel().eligible(), 200);
  EXPECT_EQ(micro.funnel().time_to_post_samples(), 0);
  EXPECT_FALSE(micro.funnel().has_median_time_to_post());
  EXPECT_DOUBLE_EQ(micro.funnel().completion_rate(), 0.0);
  EXPECT_EQ(micro.online().reach(), 5000);
  EXPECT_DOUBLE_EQ(micro.ratings(0).average(), 2.0);
}

}  // namespace
}  // namespace nanoinfluence::kpi
