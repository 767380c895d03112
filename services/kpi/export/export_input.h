// What the two file renderings of a campaign report are made from: the
// report itself and the content submitted per day, which the report does not
// carry but the "content per day" chart needs.
#pragma once

#include <cstdint>
#include <vector>

#include "nanoinfluence/common/v1/types.pb.h"
#include "nanoinfluence/kpi/v1/report.pb.h"

namespace nanoinfluence::kpi {

// Content submitted on one day (UTC), counted by its current status.
struct ContentDay {
  common::v1::Date day = {};
  int64_t approved = 0;
  int64_t pending = 0;
  int64_t rejected = 0;
};

struct ExportInput {
  v1::CampaignReport report = {};
  // In date order, may be empty. Days without content may be left out: the
  // chart shows them as empty days (see ContentPerDayChart).
  std::vector<ContentDay> content_per_day = {};
};

}  // namespace nanoinfluence::kpi
