#include "services/recruitment/recent_tier_writes.h"

namespace nanoinfluence::recruitment {

bool RecentTierWrites::ShouldWrite(const common::v1::TierRecord& record,
                                   absl::Time now) {
  const auto it = written_.find(record.ambassador_id());
  if (it != written_.end() && it->second.version == record.version() &&
      now - it->second.at < kRewriteAfter) {
    return false;
  }
  SweepOld(now);
  if (written_.size() >= kMaxRemembered) written_.clear();
  written_[record.ambassador_id()] = {record.version(), now};
  return true;
}

void RecentTierWrites::SweepOld(absl::Time now) {
  if (now - last_sweep_ < kRewriteAfter) return;
  last_sweep_ = now;
  absl::erase_if(written_, [&](const auto& entry) {
    return now - entry.second.at >= kRewriteAfter;
  });
}

}  // namespace nanoinfluence::recruitment
