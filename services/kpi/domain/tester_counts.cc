#include "services/kpi/domain/tester_counts.h"

#include <algorithm>

namespace nanoinfluence::kpi {

int StageTier(const TesterState& tester) {
  return StoredTier(tester.allocation_tier != 0 ? tester.allocation_tier
                                                : tester.shipment_tier);
}

std::optional<int64_t> TimeToPostSeconds(const TesterState& tester) {
  if (!tester.delivered_at || !tester.first_post_at) return std::nullopt;
  return std::max<int64_t>(0, *tester.first_post_at - *tester.delivered_at) /
         1'000'000;
}

Counts CountTester(const TesterState& tester) {
  Counts counts;
  auto count = [&](int64_t day, int tier, const char* name, int64_t value) {
    if (value != 0) counts[{day, StoredTier(tier), name, ""}] += value;
  };
  count(kTotal, tester.applied_tier, total::kApplied, tester.applied);
  count(kTotal, tester.selected_tier, total::kSelected, tester.selected);

  // Only testers (ambassadors allocated a sample) count as having posted:
  // content from anyone else is counted as content, not in the funnel.
  const int stage = StageTier(tester);
  const bool posted = tester.allocated && tester.posted();
  count(kTotal, stage, total::kAllocated, tester.allocated);
  count(kTotal, stage, total::kShipped, tester.shipped);
  count(kTotal, stage, total::kDelivered, tester.delivered_at.has_value());
  count(kTotal, stage, total::kPosted, posted);
  count(kTotal, stage, total::kPostedAfterDelivery,
        posted && tester.delivered_at.has_value());
  if (posted) count(DayOf(*tester.first_post_at), stage, daily::kFirstPosts, 1);
  // A declarant counts in the tier of their first approved declaration, as
  // the declarations themselves count in their items' tiers.
  count(kTotal, tester.first_declaration_tier, total::kDeclarants,
        tester.first_declaration_at.has_value());

  if (tester.first_social_at) {
    // The author counts once, in the tier and on the day of their first
    // approved social post, with the audience it recorded.
    const int tier = tester.first_social_tier;
    const int64_t day = DayOf(*tester.first_social_at);
    counts[{kTotal, StoredTier(tier), total::kAuthors, ""}] += 1;
    count(kTotal, tier, total::kReach, tester.first_social_audience);
    count(day, tier, daily::kOnlineReach, tester.first_social_audience);
    counts[{day, StoredTier(tier), daily::kOnlineAuthors, ""}] += 1;
  }
  return counts;
}

}  // namespace nanoinfluence::kpi
