// The counters a campaign report is read from, and what one tester or one
// content item adds to them. Every figure is kept as a sum of integers per
// tier, so a change of state moves the counters by the difference of what the
// state counted before and after (AddDifference), whatever order events
// arrive in: docs/kpi.md, "How the figures are kept".
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>

namespace nanoinfluence::kpi {

// The `day` of a campaign total (the report); other days are daily figures
// (the time series), as days since 1970-01-01 UTC.
inline constexpr int64_t kTotal = INT64_MIN;

struct CounterKey {
  int64_t day = kTotal;
  int tier = 1;  // 1..3: NANO, MICRO, MACRO
  std::string name;
  std::string dim;  // qualifies a total ("REVIEW:RETAILER_SITE"); '' daily
  auto operator<=>(const CounterKey&) const = default;
};

using Counts = std::map<CounterKey, int64_t>;

// `out` += `after` - `before`, leaving out counters that do not move.
void AddDifference(const Counts& before, const Counts& after, Counts* out);

// The day (since 1970-01-01 UTC) of a Unix-microsecond time.
int64_t DayOf(int64_t unix_micros);

// The tier counters are kept under: the proto number 1..3, an unknown tier
// (0, or a number this build does not know) counted as NANO, the tier every
// ambassador starts in.
int StoredTier(int proto_tier);

// Names of the campaign totals (day kTotal).
namespace total {
inline constexpr char kApplied[] = "applied";
inline constexpr char kSelected[] = "selected";
inline constexpr char kAllocated[] = "allocated";
inline constexpr char kShipped[] = "shipped";
inline constexpr char kDelivered[] = "delivered";
inline constexpr char kPosted[] = "posted";
// Delivered testers who posted: the numerator of the completion rate.
inline constexpr char kPostedAfterDelivery[] = "posted_after_delivery";
inline constexpr char kApproved[] = "approved";  // dim "<kind>:<platform>"
inline constexpr char kPending[] = "pending";
inline constexpr char kPendingReason[] = "pending_reason";  // dim "<reason>"
inline constexpr char kRejected[] = "rejected";
inline constexpr char kRejectedReason[] = "rejected_reason";
inline constexpr char kStars[] = "stars";      // dim "<sku>:<1..5>"
inline constexpr char kReviews[] = "reviews";  // dim "<sku>:<platform>"
inline constexpr char kReach[] = "reach";
inline constexpr char kAuthors[] = "authors";
inline constexpr char kPosts[] = "posts";
inline constexpr char kViews[] = "views";
inline constexpr char kLikes[] = "likes";
inline constexpr char kComments[] = "comments";
inline constexpr char kShares[] = "shares";
inline constexpr char kPeopleTold[] = "people_told";
inline constexpr char kDeclarations[] = "declarations";
inline constexpr char kDeclarants[] = "declarants";
}  // namespace total

// Names of the daily figures: the Metric enum's value names, and the samples
// behind those whose samples are not their own value.
namespace daily {
inline constexpr char kApplications[] = "METRIC_APPLICATIONS";
inline constexpr char kSelections[] = "METRIC_SELECTIONS";
inline constexpr char kAllocations[] = "METRIC_ALLOCATIONS";
inline constexpr char kShipments[] = "METRIC_SHIPMENTS";
inline constexpr char kDeliveries[] = "METRIC_DELIVERIES";
inline constexpr char kFirstPosts[] = "METRIC_FIRST_POSTS";
inline constexpr char kContentApproved[] = "METRIC_CONTENT_APPROVED";
inline constexpr char kContentPending[] = "METRIC_CONTENT_PENDING";
inline constexpr char kContentRejected[] = "METRIC_CONTENT_REJECTED";
inline constexpr char kReviews[] = "METRIC_REVIEWS";
inline constexpr char kRatings[] = "METRIC_RATINGS";
inline constexpr char kOnlineReach[] = "METRIC_ONLINE_REACH";
inline constexpr char kViews[] = "METRIC_VIEWS";
inline constexpr char kEngagements[] = "METRIC_ENGAGEMENTS";
inline constexpr char kOfflineReach[] = "METRIC_OFFLINE_REACH";
// Stars summed (METRIC_AVERAGE_RATING = this / METRIC_RATINGS).
inline constexpr char kRatingStars[] = "RATING_STARS";
// Samples of METRIC_ONLINE_REACH, METRIC_VIEWS / ENGAGEMENTS and
// METRIC_OFFLINE_REACH.
inline constexpr char kOnlineAuthors[] = "ONLINE_AUTHORS";
inline constexpr char kMeasurements[] = "MEASUREMENTS";
inline constexpr char kDeclarations[] = "DECLARATIONS";
}  // namespace daily

}  // namespace nanoinfluence::kpi
