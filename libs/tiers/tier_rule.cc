#include "libs/tiers/tier_rule.h"

#include <limits>

namespace nanoinfluence::tiers {

common::v1::Tier TierForAudience(int64_t audience) {
  if (audience < kMicroFrom) return common::v1::TIER_NANO;
  if (audience <= kMacroAbove) return common::v1::TIER_MICRO;
  return common::v1::TIER_MACRO;
}

absl::StatusOr<int64_t> AudienceOf(absl::Span<const int64_t> followers) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t sum = 0;
  for (int64_t count : followers) {
    if (count < 0) {
      return absl::InvalidArgumentError("followers: must not be negative");
    }
    sum = count > kMax - sum ? kMax : sum + count;
  }
  return sum;
}

}  // namespace nanoinfluence::tiers
