#include "tests/kpi/support/expect_figures.h"

#include <algorithm>
#include <cmath>

#include "gtest/gtest.h"

namespace nanoinfluence::kpi::testing {
namespace {

const v1::ReportFigures& TierOf(const v1::CampaignReport& report, int tier) {
  return tier == 0 ? report.total() : report.by_tier(tier - 1).figures();
}

int64_t NearestRank(const std::vector<int64_t>& sorted, double fraction) {
  size_t rank = static_cast<size_t>(std::ceil(fraction * sorted.size()));
  return sorted[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

void ExpectFigures(const v1::CampaignReport& report,
                   const ExpectedFigures& expected) {
  for (int tier = 0; tier <= 3; ++tier) {
    SCOPED_TRACE(::testing::Message() << "tier " << tier);
    const v1::ReportFigures& f = TierOf(report, tier);
    EXPECT_EQ(f.funnel().eligible(), expected.eligible[tier]);
    EXPECT_EQ(f.funnel().applied(), expected.applied[tier]);
    EXPECT_EQ(f.funnel().selected(), expected.selected[tier]);
    EXPECT_EQ(f.funnel().allocated(), expected.allocated[tier]);
    EXPECT_EQ(f.funnel().shipped(), expected.shipped[tier]);
    EXPECT_EQ(f.funnel().delivered(), expected.delivered[tier]);
    EXPECT_EQ(f.funnel().posted(), expected.posted[tier]);
    EXPECT_DOUBLE_EQ(f.funnel().completion_rate(),
                     static_cast<double>(expected.posted_after_delivery[tier]) /
                         static_cast<double>(expected.delivered[tier]));
    EXPECT_EQ(f.ugc().approved_total(), expected.approved[tier]);
    EXPECT_EQ(f.ugc().pending_total(), expected.pending[tier]);
    EXPECT_EQ(f.ugc().rejected_total(), expected.rejected[tier]);
    EXPECT_EQ(f.online().reach(), expected.reach[tier]);
    EXPECT_EQ(f.online().authors(), expected.authors[tier]);
    EXPECT_EQ(f.online().posts(), expected.posts[tier]);
    EXPECT_EQ(f.online().views(), expected.views[tier]);
    EXPECT_EQ(f.online().engagements(), expected.engagements[tier]);
    EXPECT_EQ(f.offline().people_told(), expected.people_told[tier]);
    EXPECT_EQ(f.offline().declarations(), expected.declarations[tier]);
    EXPECT_EQ(f.offline().declarants(), expected.declarants[tier]);
  }
  const v1::ReportFigures& total = report.total();
  ASSERT_EQ(total.ratings_size(), static_cast<int>(expected.stars.size()));
  for (const v1::SkuRatings& sku : total.ratings()) {
    const auto& stars = expected.stars.at(sku.sku());
    int64_t count = 0, sum = 0;
    for (int s = 1; s <= 5; ++s) count += stars[s], sum += s * stars[s];
    EXPECT_EQ(sku.ratings(), count);
    EXPECT_DOUBLE_EQ(sku.average(), static_cast<double>(sum) / count);
    EXPECT_EQ(sku.distribution().one_star(), stars[1]);
    EXPECT_EQ(sku.distribution().five_stars(), stars[5]);
  }
  ASSERT_EQ(total.conversion().pages_size(),
            static_cast<int>(expected.reviews.size()));
  for (const v1::ProductPageReviews& page : total.conversion().pages()) {
    const int64_t reviews = expected.reviews.at({page.sku(), page.platform()});
    EXPECT_EQ(page.reviews(), reviews);
    // The default curve: straight from 0 to +30% at 50 reviews, then flat.
    EXPECT_NEAR(page.estimated_conversion_uplift(),
                0.30 * std::min<double>(reviews, 50) / 50.0, 1e-12);
  }
  EXPECT_TRUE(total.conversion().is_estimate());
  const auto& times = expected.times_to_post;
  ASSERT_FALSE(times.empty());
  EXPECT_EQ(total.funnel().time_to_post_samples(),
            static_cast<int64_t>(times.size()));
  EXPECT_EQ(total.funnel().median_time_to_post().seconds(),
            NearestRank(times, 0.5));
  EXPECT_EQ(total.funnel().p90_time_to_post().seconds(),
            NearestRank(times, 0.9));
}

}  // namespace nanoinfluence::kpi::testing
