// Figures the report does not carry as such but the HTML page headlines,
// derived from the ones it does, and the words it uses for enum values.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "nanoinfluence/common/v1/taxonomy.pb.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "nanoinfluence/kpi/v1/report.pb.h"

namespace nanoinfluence::kpi {

// Approved CONTENT_KIND_REVIEW items over every product page of `figures`.
int64_t ReviewCount(const v1::ReportFigures& figures);

// Mean stars over every SKU's ratings (each SKU weighted by its number of
// ratings); 0 when there are none.
double AverageRating(const v1::ReportFigures& figures);

// The five star counts of every SKU added up.
v1::RatingDistribution TotalDistribution(const v1::ReportFigures& figures);

// "Nano", "Micro", "Macro"; the number for a value the enum lacks.
std::string TierLabel(common::v1::Tier tier);

// "Retailer site", "TikTok", "YouTube"...: the brands' own spelling.
std::string PlatformLabel(common::v1::Platform platform);

// "Open", "Closed", "Unknown".
std::string StateLabel(v1::CampaignState state);

// A proto enum name as words: "CONTENT_KIND_SOCIAL_POST" with prefix
// "CONTENT_KIND_" -> "Social post". The number for a value the enum lacks.
std::string EnumWords(const std::string& name, absl::string_view prefix,
                      int number);

// Why a study has no result, in words: the refusal's name as words, then
// its detail: "Too few stores: exposed area has 3 usable stores, the study
// needs 5". "No result yet" when the outcome has neither result nor
// refusal.
std::string NoResultText(const v1::UpliftOutcome& outcome);

}  // namespace nanoinfluence::kpi
