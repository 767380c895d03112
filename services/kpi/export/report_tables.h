// The tables of the HTML report, one function per report part. Each
// returns an HTML fragment with every text from the report escaped.
#pragma once

#include <string>

#include "google/protobuf/repeated_ptr_field.h"
#include "nanoinfluence/kpi/v1/report.pb.h"

namespace nanoinfluence::kpi {

// Stage, count, share of eligible, share of the stage before.
std::string FunnelTable(const v1::Funnel& funnel);

// Completion rate and the median and 90th percentile time to post.
std::string TimeToPostFacts(const v1::Funnel& funnel);

// Approved content by kind x platform.
std::string ApprovedContentTable(const v1::UgcSummary& ugc);

// Pending and rejected items with their moderation reasons.
std::string ModerationTable(const v1::UgcSummary& ugc);

// One row per SKU: ratings, average, count per number of stars.
std::string RatingsTable(
    const google::protobuf::RepeatedPtrField<v1::SkuRatings>& ratings);

// The product pages with their review progress and estimated conversion
// uplift, introduced by a notice that the uplifts are estimates from the
// named curve.
std::string ConversionSection(const v1::ConversionEstimate& conversion);

std::string OnlineReachTable(const v1::OnlineReach& online);
std::string OfflineReachTable(const v1::OfflineReach& offline);

// One column per tier and one for the whole campaign.
std::string TierTable(const v1::CampaignReport& report);

// One row per study: periods, stores, uplift and interval or why none.
std::string UpliftTable(
    const google::protobuf::RepeatedPtrField<v1::UpliftOutcome>& studies);

}  // namespace nanoinfluence::kpi
