// A campaign's KPI report as readable text for a terminal: the funnel with
// its tiers side by side, content by kind and platform, what moderation
// holds and refused and why, ratings per SKU, reviews per product page with
// the ESTIMATED conversion uplift and its curve, online and offline reach,
// the per-tier breakdown and the sales-uplift studies with their 95%
// interval. `nanoctl report` and nano-demo print the same table.
//
//   std::fputs(FormatReportTable(report).c_str(), stdout);
#pragma once

#include <string>

#include "nanoinfluence/kpi/v1/report.pb.h"

namespace nanoinfluence::tools {

struct ReportTableOptions {
  // Maximum lines of the "approved, by kind and platform" list.
  int max_ugc_cells = 30;
};

// The whole table, lines ending in "\n". Pure: no I/O, no clock.
std::string FormatReportTable(const kpi::v1::CampaignReport& report,
                              const ReportTableOptions& options = {});

// Text helpers the table uses, shared with nano-demo's progress lines.
// 1234567 -> "1,234,567".
std::string Thousands(int64_t value);
// 0.1534 -> "15.3%"; with `sign`, "+15.3%".
std::string Percent(double fraction, bool sign = false);
// An enum value name without its type prefix, in lower case with spaces:
// ("CONTENT_KIND_SOCIAL_POST", "CONTENT_KIND_") -> "social post".
std::string EnumWords(const std::string& value_name, const std::string& prefix);

}  // namespace nanoinfluence::tools
