#include "services/kpi/export/report_summary.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace nanoinfluence::kpi {

int64_t ReviewCount(const v1::ReportFigures& figures) {
  int64_t reviews = 0;
  for (const v1::ProductPageReviews& page : figures.conversion().pages()) {
    reviews += page.reviews();
  }
  return reviews;
}

double AverageRating(const v1::ReportFigures& figures) {
  double stars = 0;
  int64_t ratings = 0;
  for (const v1::SkuRatings& sku : figures.ratings()) {
    stars += sku.average() * static_cast<double>(sku.ratings());
    ratings += sku.ratings();
  }
  return ratings > 0 ? stars / static_cast<double>(ratings) : 0;
}

v1::RatingDistribution TotalDistribution(const v1::ReportFigures& figures) {
  v1::RatingDistribution total;
  for (const v1::SkuRatings& sku : figures.ratings()) {
    const v1::RatingDistribution& stars = sku.distribution();
    total.set_one_star(total.one_star() + stars.one_star());
    total.set_two_stars(total.two_stars() + stars.two_stars());
    total.set_three_stars(total.three_stars() + stars.three_stars());
    total.set_four_stars(total.four_stars() + stars.four_stars());
    total.set_five_stars(total.five_stars() + stars.five_stars());
  }
  return total;
}

std::string TierLabel(common::v1::Tier tier) {
  return EnumWords(common::v1::Tier_Name(tier), "TIER_", tier);
}

std::string PlatformLabel(common::v1::Platform platform) {
  switch (platform) {
    case common::v1::PLATFORM_TIKTOK:
      return "TikTok";
    case common::v1::PLATFORM_YOUTUBE:
      return "YouTube";
    default:
      return EnumWords(common::v1::Platform_Name(platform), "PLATFORM_",
                       platform);
  }
}

std::string StateLabel(v1::CampaignState state) {
  switch (state) {
    case v1::CAMPAIGN_STATE_OPEN:
      return "Open";
    case v1::CAMPAIGN_STATE_CLOSED:
      return "Closed";
    default:
      return "Unknown";
  }
}

std::string EnumWords(const std::string& name, absl::string_view prefix,
                      int number) {
  if (name.empty()) return absl::StrCat(number);
  absl::string_view rest = name;
  if (absl::StartsWith(rest, prefix)) rest.remove_prefix(prefix.size());
  std::string words = absl::AsciiStrToLower(rest);
  absl::StrReplaceAll({{"_", " "}}, &words);
  if (!words.empty()) words[0] = absl::ascii_toupper(words[0]);
  return words;
}

std::string NoResultText(const v1::UpliftOutcome& outcome) {
  if (!outcome.has_refusal()) return "No result yet";
  const std::string& name = v1::UpliftRefusal_Name(outcome.refusal());
  absl::string_view detail = outcome.refusal_detail();
  // The service's details may start with the refusal's name, as its status
  // messages do; the words below say it already.
  if (!name.empty() && absl::StartsWith(detail, name)) {
    detail.remove_prefix(name.size());
    detail = absl::StripLeadingAsciiWhitespace(detail);
    if (absl::StartsWith(detail, ":")) detail.remove_prefix(1);
    detail = absl::StripLeadingAsciiWhitespace(detail);
  }
  std::string words = EnumWords(name, "UPLIFT_REFUSAL_", outcome.refusal());
  if (detail.empty()) return words;
  return absl::StrCat(words, ": ", detail);
}

}  // namespace nanoinfluence::kpi
