// Turns a campaign's stored totals into the figures of its report (funnel,
// UGC, ratings, conversion estimate, online and offline reach), for the
// whole campaign or one tier. Every formula of docs/kpi.md lives here.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "nanoinfluence/kpi/v1/report.pb.h"

namespace nanoinfluence::kpi {

// One stored campaign total (a `counters` row of day kTotal).
struct TotalRow {
  int tier = 1;  // 1..3
  std::string name;
  std::string dim;
  int64_t value = 0;
};

// What a report reads besides the totals.
struct CampaignBasis {
  // Eligible ambassadors at opening, per tier (index 1..3; 0 unused).
  std::array<int64_t, 4> eligible{};
  // Seconds from delivery to first post of each tester who has both, per
  // tier of their stage (index 1..3), in any order.
  std::array<std::vector<int64_t>, 4> times_to_post;
};

// The figures of tier 1..3, or of all tiers together when `tier` is 0.
v1::ReportFigures FiguresOf(const std::vector<TotalRow>& totals,
                            const CampaignBasis& basis, int tier,
                            const v1::ConversionCurve& curve);

// The value at nearest rank ceil(fraction * n) of `sorted` (n >= 1).
int64_t NearestRank(const std::vector<int64_t>& sorted, double fraction);

}  // namespace nanoinfluence::kpi
