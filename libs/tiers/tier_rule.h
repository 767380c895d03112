// The tier rule, the one definition every service shares: an ambassador's
// audience is the sum of followers over their linked social accounts (0 when
// none), and
//   NANO   audience < 1,000
//   MICRO  1,000 <= audience <= 100,000
//   MACRO  audience > 100,000
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "nanoinfluence/common/v1/tier.pb.h"

namespace nanoinfluence::tiers {

inline constexpr int64_t kMicroFrom = 1'000;
inline constexpr int64_t kMacroAbove = 100'000;

common::v1::Tier TierForAudience(int64_t audience);

// The sum of the accounts' followers, saturating at the largest int64 (a
// sum that large is MACRO either way). INVALID_ARGUMENT for a negative count.
absl::StatusOr<int64_t> AudienceOf(absl::Span<const int64_t> followers);

}  // namespace nanoinfluence::tiers
