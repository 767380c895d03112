// Tiers in the demo's progress lines: "nano 2,104 · micro 748 · macro 148".
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "tools/nanoctl_client/report_table.h"

namespace nanoinfluence::demo {

// 0 for NANO (and an unset tier, which kpi counts as NANO), 1 MICRO,
// 2 MACRO.
inline int TierIndex(common::v1::Tier tier) {
  return tier == common::v1::TIER_MICRO   ? 1
         : tier == common::v1::TIER_MACRO ? 2
                                          : 0;
}

inline std::string TierWord(common::v1::Tier tier) {
  return tier == common::v1::TIER_NANO    ? "nano"
         : tier == common::v1::TIER_MICRO ? "micro"
         : tier == common::v1::TIER_MACRO ? "macro"
                                          : "all";
}

inline std::string TierSplit(int64_t nano, int64_t micro, int64_t macro) {
  return absl::StrCat("nano ", tools::Thousands(nano), " \u00b7 micro ",
                      tools::Thousands(micro), " \u00b7 macro ",
                      tools::Thousands(macro));
}

}  // namespace nanoinfluence::demo
