// The five charts of the HTML report, each an inline <svg> whose id is part
// of the export's contract (tests and consoles look them up):
//   chart-funnel               bars of the seven funnel stages
//   chart-content-per-day      approved / pending / rejected per day, stacked
//   chart-rating-distribution  1 to 5 stars, all SKUs together
//   chart-tier-breakdown       NANO / MICRO / MACRO side by side per figure
//   chart-uplift               each study's uplift with its 95% interval,
//                              or why it has none
#pragma once

#include <string>
#include <vector>

#include "google/protobuf/repeated_ptr_field.h"
#include "nanoinfluence/kpi/v1/report.pb.h"
#include "services/kpi/export/export_input.h"

namespace nanoinfluence::kpi {

std::string FunnelChart(const v1::Funnel& funnel);

// One column per day from the first to the last day of `days`, days left
// out drawn empty, so the axis is true to time. Gaps are not filled when
// the days are not in strictly increasing order or span more than two
// years (bad input): the chart then shows the entries as given. "No
// content yet" when there is none.
std::string ContentPerDayChart(const std::vector<ContentDay>& days);

// The distributions of all SKUs added up.
std::string RatingDistributionChart(const v1::ReportFigures& figures);

// Testers, posted testers, approved content, reviews, online reach and
// people told, per tier.
std::string TierBreakdownChart(
    const google::protobuf::RepeatedPtrField<v1::TierFigures>& tiers);

std::string UpliftChart(
    const google::protobuf::RepeatedPtrField<v1::UpliftOutcome>& studies);

}  // namespace nanoinfluence::kpi
