// What one content item counts: approved content by kind x platform, pending
// and rejected with their reasons, ratings, reviews, social engagement and
// word of mouth, in the campaign totals and on its day.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/kpi/domain/counts.h"

namespace nanoinfluence::kpi {

// One measurement of a social post's running totals.
struct EngagementPoint {
  int64_t measured_at = 0;  // Unix microseconds
  int64_t views = 0, likes = 0, comments = 0, shares = 0;
};

struct ContentState {
  std::string sku;
  int tier = 0;  // the author's tier when they submitted it
  int kind = 0;  // common.v1.ContentKind
  int platform = 0;
  int rating = 0;  // 1..5 for reviews and ratings
  int64_t people_told = 0;
  int64_t submitted_at = 0;  // Unix microseconds
  int status = 0;            // common.v1.ContentStatus
  std::vector<int> reasons;
  // Measurements in time order (social posts only).
  std::vector<EngagementPoint> points;
};

// The latest running totals: per figure the highest measured, so a figure
// measured lower later (a deleted like) never counts twice.
EngagementPoint LatestTotals(const std::vector<EngagementPoint>& points);

Counts CountContent(const ContentState& content);

}  // namespace nanoinfluence::kpi
