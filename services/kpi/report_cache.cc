#include "services/kpi/report_cache.h"

namespace nanoinfluence::kpi {

std::shared_ptr<const v1::CampaignReport> ReportCache::Find(
    const std::string& campaign_id, int64_t version) {
  absl::MutexLock lock(&mu_);
  auto it = reports_.find(campaign_id);
  if (it == reports_.end() || it->second->version() != version) return nullptr;
  return it->second;
}

void ReportCache::Keep(v1::CampaignReport report) {
  auto kept = std::make_shared<const v1::CampaignReport>(std::move(report));
  absl::MutexLock lock(&mu_);
  if (reports_.size() >= kMaxCampaigns) reports_.clear();
  reports_[kept->campaign_id()] = std::move(kept);
}

}  // namespace nanoinfluence::kpi
