// The figures of kpi's report that must follow from what the demo fed:
// the funnel, content by status, kind, platform and reason, ratings per
// SKU, reviews per page, online and offline reach (the campaign and each
// tier), and the study's uplift.
//
//   std::vector<std::string> late = ReportDifferences(summary, report);
//   if (late.empty()) ...  // kpi shows everything the demo did
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nanoinfluence/kpi/v1/report.pb.h"
#include "tools/demo/demo_summary.pb.h"

namespace nanoinfluence::demo {

// The count of one scope of a summary's TierCounts: the campaign
// (TIER_UNSPECIFIED) or a tier.
int64_t CountOf(const v1::TierCounts& counts, common::v1::Tier tier);

// One line per figure of `report` that differs from what `summary` implies,
// e.g. "total.funnel.delivered: kpi 150, fed 193"; empty when kpi shows
// everything.
std::vector<std::string> ReportDifferences(
    const v1::DemoSummary& summary, const kpi::v1::CampaignReport& report);

}  // namespace nanoinfluence::demo
