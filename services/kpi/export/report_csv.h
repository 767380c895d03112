// A campaign report as one tidy CSV table (EXPORT_FORMAT_CSV of
// kpi_service.proto): one row per figure, columns
//   section,tier,sku,platform,kind,reason,metric,value
// so a spreadsheet filter on `section` gives one table per section.
//
// Rows, in this order:
//   campaign   (tier ALL) campaign_id, brand_id, sku, state, slots,
//              open_time, close_time, as_of_time, events_applied, version
//   then for tier ALL (report.total) and each of report.by_tier:
//   funnel     the seven stages, completion_rate, median_time_to_post_seconds,
//              p90_time_to_post_seconds, time_to_post_samples
//   ugc        approved per kind x platform (kind, platform set), then
//              approved_total, pending_total, rejected_total, approval_rate
//   ugc_pending_reasons, ugc_rejected_reasons   items per reason
//   ratings    per sku: ratings, average, one_star .. five_stars
//   conversion estimate_curve (the curve's name), then per sku x platform:
//              reviews, target_reviews, progress, estimated_conversion_uplift
//              (ESTIMATES from that curve, never measured)
//   online     reach, authors, posts, views, likes, comments, shares,
//              engagements, engagement_rate
//   offline    people_told, declarations, declarants
//   uplift     (tier ALL) per study, metric "study/<study_id>/<field>": name,
//              exposed_stores, control_stores, then with a result uplift,
//              ci_low, ci_high, confidence, exposed_ratio, control_ratio,
//              usable_exposed_stores, usable_control_stores, excluded_stores;
//              with a refusal one row "refusal" whose reason cell is the
//              UpliftRefusal name and value the refusal detail. The study id
//              sits in the metric because the contract's columns have no
//              study column and a row must stay identifiable on its own.
//
// Cells: tier is "ALL" or the Tier name (TIER_NANO...); platform, kind and
// reason are proto enum names; cells that do not apply are empty. Values:
// integers as integers; fractions as the shortest decimal that reads back
// as the same double (std::to_chars: 0.1 -> "0.1", 1e-07 stays exponent),
// "inf"/"nan" if a figure is not finite; times RFC 3339 UTC; an unset
// optional figure (e.g. median_time_to_post) has an empty value.
// RFC 4180: header row first, CRLF line ends, a field holding a comma,
// quote, CR or LF is quoted with inner quotes doubled. UTF-8, no BOM.
#pragma once

#include <string>

#include "services/kpi/export/export_input.h"

namespace nanoinfluence::kpi {

// Never fails: every report, even an empty one, has a table.
// `input.content_per_day` is not part of the CSV (it is no report figure).
std::string RenderCsv(const ExportInput& input);

}  // namespace nanoinfluence::kpi
