// The last report built per campaign (with the configured curve), kept while
// its version is current. Every change of a figure bumps the version in the
// transaction of the change, and equal versions mean equal reports, so a
// read that finds the version it holds answers without rebuilding; a
// replica that missed a change sees a newer version and rebuilds.
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "nanoinfluence/kpi/v1/report.pb.h"

namespace nanoinfluence::kpi {

class ReportCache {
 public:
  // Campaigns held at most; past it the cache starts over.
  static constexpr size_t kMaxCampaigns = 1000;

  // The report of `campaign_id` at `version`, or null.
  std::shared_ptr<const v1::CampaignReport> Find(const std::string& campaign_id,
                                                 int64_t version);
  // Keeps `report` (under its campaign id and version).
  void Keep(v1::CampaignReport report);

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const v1::CampaignReport>>
      reports_ ABSL_GUARDED_BY(mu_);
};

}  // namespace nanoinfluence::kpi
