// The tier rule at its boundaries, and audiences summed over accounts.
#include "libs/tiers/tier_rule.h"

#include <limits>

#include "gtest/gtest.h"

namespace nanoinfluence::tiers {
namespace {

using common::v1::TIER_MACRO;
using common::v1::TIER_MICRO;
using common::v1::TIER_NANO;

TEST(TierRuleTest, Boundaries) {
  EXPECT_EQ(TierForAudience(0), TIER_NANO);
  EXPECT_EQ(TierForAudience(999), TIER_NANO);
  EXPECT_EQ(TierForAudience(1'000), TIER_MICRO);
  EXPECT_EQ(TierForAudience(1'001), TIER_MICRO);
  EXPECT_EQ(TierForAudience(99'999), TIER_MICRO);
  EXPECT_EQ(TierForAudience(100'000), TIER_MICRO);
  EXPECT_EQ(TierForAudience(100'001), TIER_MACRO);
}

TEST(TierRuleTest, AudienceSumsTheAccounts) {
  EXPECT_EQ(AudienceOf({}).value(), 0);
  EXPECT_EQ(AudienceOf({400, 599}).value(), 999);
  EXPECT_EQ(TierForAudience(AudienceOf({400, 600}).value()), TIER_MICRO);
  EXPECT_EQ(TierForAudience(AudienceOf({60'000, 40'001}).value()), TIER_MACRO);
}

TEST(TierRuleTest, AudienceSaturatesInsteadOfOverflowing) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(AudienceOf({kMax, 1}).value(), kMax);
  EXPECT_EQ(AudienceOf({kMax - 5, 3, kMax}).value(), kMax);
  EXPECT_EQ(TierForAudience(AudienceOf({kMax, kMax}).value()), TIER_MACRO);
}

TEST(TierRuleTest, NegativeFollowersAreRefused) {
  EXPECT_EQ(AudienceOf({10, -1}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace nanoinfluence::tiers
