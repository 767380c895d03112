#include "services/kpi/domain/content_counts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "nanoinfluence/common/v1/taxonomy.pb.h"

namespace nanoinfluence::kpi {
namespace {

using common::v1::CONTENT_KIND_RATING;
using common::v1::CONTENT_KIND_REVIEW;
using common::v1::CONTENT_KIND_SOCIAL_POST;
using common::v1::CONTENT_KIND_WORD_OF_MOUTH;
using common::v1::CONTENT_STATUS_APPROVED;
using common::v1::CONTENT_STATUS_PENDING;
using common::v1::CONTENT_STATUS_REJECTED;

EngagementPoint Max(const EngagementPoint& a, const EngagementPoint& b) {
  return {.measured_at = std::max(a.measured_at, b.measured_at),
          .views = std::max(a.views, b.views),
          .likes = std::max(a.likes, b.likes),
          .comments = std::max(a.comments, b.comments),
          .shares = std::max(a.shares, b.shares)};
}

// Views and engagements gained on each measurement's day: the rise of the
// running maximum, so the days add up to the latest totals.
void CountGains(const std::vector<EngagementPoint>& points, int tier,
                Counts* counts) {
  EngagementPoint high;
  for (const EngagementPoint& point : points) {
    const EngagementPoint next = Max(high, point);
    const int64_t day = DayOf(point.measured_at);
    (*counts)[{day, tier, daily::kMeasurements, ""}] += 1;
    (*counts)[{day, tier, daily::kViews, ""}] += next.views - high.views;
    (*counts)[{day, tier, daily::kEngagements, ""}] +=
        (next.likes + next.comments + next.shares) -
        (high.likes + high.comments + high.shares);
    high = next;
  }
}

void CountApproved(const ContentState& content, int tier, Counts* counts) {
  auto add = [&](int64_t day, const char* name, std::string dim,
                 int64_t value) {
    (*counts)[{day, tier, name, std::move(dim)}] += value;
  };
  const int64_t day = DayOf(content.submitted_at);
  add(kTotal, total::kApproved,
      absl::StrCat(content.kind, ":", content.platform), 1);
  add(day, daily::kContentApproved, "", 1);

  const bool rated = content.kind == CONTENT_KIND_REVIEW ||
                     content.kind == CONTENT_KIND_RATING;
  if (rated && content.rating >= 1 && content.rating <= 5) {
    add(kTotal, total::kStars, absl::StrCat(content.sku, ":", content.rating),
        1);
    add(day, daily::kRatings, "", 1);
    add(day, daily::kRatingStars, "", content.rating);
  }
  if (content.kind == CONTENT_KIND_REVIEW) {
    add(kTotal, total::kReviews,
        absl::StrCat(content.sku, ":", content.platform), 1);
    add(day, daily::kReviews, "", 1);
  }
  if (content.kind == CONTENT_KIND_SOCIAL_POST) {
    const EngagementPoint latest = LatestTotals(content.points);
    add(kTotal, total::kPosts, "", 1);
    add(kTotal, total::kViews, "", latest.views);
    add(kTotal, total::kLikes, "", latest.likes);
    add(kTotal, total::kComments, "", latest.comments);
    add(kTotal, total::kShares, "", latest.shares);
    CountGains(content.points, tier, counts);
  }
  if (content.kind == CONTENT_KIND_WORD_OF_MOUTH) {
    add(kTotal, total::kDeclarations, "", 1);
    add(kTotal, total::kPeopleTold, "", content.people_told);
    add(day, daily::kDeclarations, "", 1);
    add(day, daily::kOfflineReach, "", content.people_told);
  }
}

}  // namespace

EngagementPoint LatestTotals(const std::vector<EngagementPoint>& points) {
  EngagementPoint latest;
  for (const EngagementPoint& point : points) latest = Max(latest, point);
  return latest;
}

Counts CountContent(const ContentState& content) {
  Counts counts;
  const int tier = StoredTier(content.tier);
  const int64_t day = DayOf(content.submitted_at);
  auto held = [&](const char* total_name, const char* reason_name,
                  const char* daily_name) {
    counts[{kTotal, tier, total_name, ""}] += 1;
    counts[{day, tier, daily_name, ""}] += 1;
    for (int reason : content.reasons) {
      counts[{kTotal, tier, reason_name, absl::StrCat(reason)}] += 1;
    }
  };
  switch (content.status) {
    case CONTENT_STATUS_APPROVED:
      CountApproved(content, tier, &counts);
      break;
    case CONTENT_STATUS_PENDING:
      held(total::kPending, total::kPendingReason, daily::kContentPending);
      break;
    case CONTENT_STATUS_REJECTED:
      held(total::kRejected, total::kRejectedReason, daily::kContentRejected);
      break;
    default:
      break;
  }
  std::erase_if(counts, [](const auto& entry) { return entry.second == 0; });
  return counts;
}

}  // namespace nanoinfluence::kpi
