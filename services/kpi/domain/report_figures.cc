#include "services/kpi/domain/report_figures.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "services/kpi/domain/conversion_curve.h"
#include "services/kpi/domain/counts.h"

namespace nanoinfluence::kpi {
namespace {

using common::v1::ContentKind;
using common::v1::ModerationReason;
using common::v1::Platform;

double Ratio(int64_t numerator, int64_t denominator) {
  return denominator == 0 ? 0.0
                          : static_cast<double>(numerator) /
                                static_cast<double>(denominator);
}

// "<text>:<number>" split at its last colon (SKUs may hold colons).
std::pair<std::string, int> SplitDim(absl::string_view dim) {
  const size_t colon = dim.rfind(':');
  int number = 0;
  if (colon == absl::string_view::npos ||
      !absl::SimpleAtoi(dim.substr(colon + 1), &number)) {
    return {std::string(dim), 0};
  }
  return {std::string(dim.substr(0, colon)), number};
}

// The totals of the scope, summed over its tiers: name -> dim -> value.
class Scope {
 public:
  Scope(const std::vector<TotalRow>& totals, int tier) {
    for (const TotalRow& row : totals) {
      if (tier == 0 || row.tier == tier)
        values_[row.name][row.dim] += row.value;
    }
  }
  int64_t Get(const std::string& name) const { return Dim(name, ""); }
  int64_t Dim(const std::string& name, const std::string& dim) const {
    auto it = values_.find(name);
    if (it == values_.end()) return 0;
    auto value = it->second.find(dim);
    return value == it->second.end() ? 0 : value->second;
  }
  const std::map<std::string, int64_t>& All(const std::string& name) const {
    static const auto* const kNone = new std::map<std::string, int64_t>;
    auto it = values_.find(name);
    return it == values_.end() ? *kNone : it->second;
  }

 private:
  std::map<std::string, std::map<std::string, int64_t>> values_;
};

v1::Funnel FunnelOf(const Scope& scope, const CampaignBasis& basis, int tier) {
  v1::Funnel funnel;
  std::vector<int64_t> times;
  for (int t = 1; t <= 3; ++t) {
    if (tier != 0 && t != tier) continue;
    funnel.set_eligible(funnel.eligible() + basis.eligible[t]);
    times.insert(times.end(), basis.times_to_post[t].begin(),
                 basis.times_to_post[t].end());
  }
  funnel.set_applied(scope.Get(total::kApplied));
  funnel.set_selected(scope.Get(total::kSelected));
  funnel.set_allocated(scope.Get(total::kAllocated));
  funnel.set_shipped(scope.Get(total::kShipped));
  funnel.set_delivered(scope.Get(total::kDelivered));
  funnel.set_posted(scope.Get(total::kPosted));
  funnel.set_completion_rate(
      Ratio(scope.Get(total::kPostedAfterDelivery), funnel.delivered()));
  funnel.set_time_to_post_samples(static_cast<int64_t>(times.size()));
  if (!times.empty()) {
    std::sort(times.begin(), times.end());
    funnel.mutable_median_time_to_post()->set_seconds(NearestRank(times, 0.5));
    funnel.mutable_p90_time_to_post()->set_seconds(NearestRank(times, 0.9));
  }
  return funnel;
}

void AddReasons(const std::map<std::string, int64_t>& by_reason,
                google::protobuf::RepeatedPtrField<v1::ReasonCount>* out) {
  std::map<int, int64_t> sorted;
  for (const auto& [dim, items] : by_reason) {
    int reason = 0;
    if (absl::SimpleAtoi(dim, &reason) && items != 0) sorted[reason] += items;
  }
  for (const auto& [reason, items] : sorted) {
    v1::ReasonCount* count = out->Add();
    count->set_reason(static_cast<ModerationReason>(reason));
    count->set_items(items);
  }
}

v1::UgcSummary UgcOf(const Scope& scope) {
  v1::UgcSummary ugc;
  std::map<std::pair<int, int>, int64_t> cells;
  for (const auto& [dim, approved] : scope.All(total::kApproved)) {
    const auto [kind, platform] = SplitDim(dim);
    int kind_number = 0;
    absl::SimpleAtoi(kind, &kind_number);
    if (approved != 0) cells[{kind_number, platform}] += approved;
  }
  for (const auto& [cell, approved] : cells) {
    v1::UgcCell* out = ugc.add_approved();
    out->set_kind(static_cast<ContentKind>(cell.first));
    out->set_platform(static_cast<Platform>(cell.second));
    out->set_approved(approved);
    ugc.set_approved_total(ugc.approved_total() + approved);
  }
  ugc.set_pending_total(scope.Get(total::kPending));
  ugc.set_rejected_total(scope.Get(total::kRejected));
  AddReasons(scope.All(total::kPendingReason), ugc.mutable_pending_reasons());
  AddReasons(scope.All(total::kRejectedReason), ugc.mutable_rejected_reasons());
  ugc.set_approval_rate(
      Ratio(ugc.approved_total(),
            ugc.approved_total() + ugc.pending_total() + ugc.rejected_total()));
  return ugc;
}

void AddRatings(const Scope& scope,
                google::protobuf::RepeatedPtrField<v1::SkuRatings>* out) {
  std::map<std::string, std::array<int64_t, 6>> by_sku;
  for (const auto& [dim, ratings] : scope.All(total::kStars)) {
    const auto [sku, stars] = SplitDim(dim);
    if (stars >= 1 && stars <= 5) by_sku[sku][stars] += ratings;
  }
  for (const auto& [sku, stars] : by_sku) {
    int64_t ratings = 0, sum = 0;
    for (int s = 1; s <= 5; ++s) {
      ratings += stars[s];
      sum += s * stars[s];
    }
    if (ratings == 0) continue;
    v1::SkuRatings* entry = out->Add();
    entry->set_sku(sku);
    entry->set_ratings(ratings);
    entry->set_average(Ratio(sum, ratings));
    v1::RatingDistribution* distribution = entry->mutable_distribution();
    distribution->set_one_star(stars[1]);
    distribution->set_two_stars(stars[2]);
    distribution->set_three_stars(stars[3]);
    distribution->set_four_stars(stars[4]);
    distribution->set_five_stars(stars[5]);
  }
}

v1::ConversionEstimate ConversionOf(const Scope& scope,
                                    const v1::ConversionCurve& curve) {
  v1::ConversionEstimate estimate;
  estimate.set_is_estimate(true);
  *estimate.mutable_curve() = curve;
  std::map<std::pair<std::string, int>, int64_t> pages;
  for (const auto& [dim, reviews] : scope.All(total::kReviews)) {
    if (reviews != 0) pages[SplitDim(dim)] += reviews;
  }
  for (const auto& [page, reviews] : pages) {
    v1::ProductPageReviews* out = estimate.add_pages();
    out->set_sku(page.first);
    out->set_platform(static_cast<Platform>(page.second));
    out->set_reviews(reviews);
    out->set_target_reviews(kTargetReviews);
    out->set_progress(std::min(1.0, Ratio(reviews, kTargetReviews)));
    out->set_estimated_conversion_uplift(EstimateUplift(curve, reviews));
  }
  return estimate;
}

v1::OnlineReach OnlineOf(const Scope& scope) {
  v1::OnlineReach online;
  online.set_reach(scope.Get(total::kReach));
  online.set_authors(scope.Get(total::kAuthors));
  online.set_posts(scope.Get(total::kPosts));
  online.set_views(scope.Get(total::kViews));
  online.set_likes(scope.Get(total::kLikes));
  online.set_comments(scope.Get(total::kComments));
  online.set_shares(scope.Get(total::kShares));
  online.set_engagements(online.likes() + online.comments() + online.shares());
  online.set_engagement_rate(Ratio(online.engagements(), online.reach()));
  return online;
}

v1::OfflineReach OfflineOf(const Scope& scope) {
  v1::OfflineReach offline;
  offline.set_people_told(scope.Get(total::kPeopleTold));
  offline.set_declarations(scope.Get(total::kDeclarations));
  offline.set_declarants(scope.Get(total::kDeclarants));
  return offline;
}

}  // namespace

int64_t NearestRank(const std::vector<int64_t>& sorted, double fraction) {
  const size_t n = sorted.size();
  size_t rank = static_cast<size_t>(std::ceil(fraction * n));
  rank = std::clamp<size_t>(rank, 1, n);
  return sorted[rank - 1];
}

v1::ReportFigures FiguresOf(const std::vector<TotalRow>& totals,
                            const CampaignBasis& basis, int tier,
                            const v1::ConversionCurve& curve) {
  const Scope scope(totals, tier);
  v1::ReportFigures figures;
  *figures.mutable_funnel() = FunnelOf(scope, basis, tier);
  *figures.mutable_ugc() = UgcOf(scope);
  AddRatings(scope, figures.mutable_ratings());
  *figures.mutable_conversion() = ConversionOf(scope, curve);
  *figures.mutable_online() = OnlineOf(scope);
  *figures.mutable_offline() = OfflineOf(scope);
  return figures;
}

}  // namespace nanoinfluence::kpi
