// A TierSource over an in-process table, standing in for recruitment in the
// tier library's tests: counts its calls and can be slowed down.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/tiers/tier_rule.h"
#include "libs/tiers/tier_source.h"

namespace nanoinfluence::testing {

class TableTierSource : public tiers::TierSource {
 public:
  // Records `audience` for `id` at `version`; returns the record.
  common::v1::TierRecord Set(const std::string& id, int64_t audience,
                             int64_t version) {
    common::v1::TierRecord record;
    record.set_ambassador_id(id);
    record.set_audience(audience);
    record.set_tier(tiers::TierForAudience(audience));
    record.set_version(version);
    absl::MutexLock lock(&mu_);
    records_[id] = record;
    return record;
  }
  void SetDelay(absl::Duration delay) {
    absl::MutexLock lock(&mu_);
    delay_ = delay;
  }
  int calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  std::vector<std::string> last_batch() {
    absl::MutexLock lock(&mu_);
    return last_batch_;
  }

  absl::StatusOr<common::v1::TierRecord> Get(const std::string& id) override {
    absl::Duration delay;
    {
      absl::MutexLock lock(&mu_);
      ++calls_;
      delay = delay_;
    }
    absl::SleepFor(delay);
    absl::MutexLock lock(&mu_);
    auto it = records_.find(id);
    if (it == records_.end()) return absl::NotFoundError(id);
    return it->second;
  }

  absl::StatusOr<std::vector<common::v1::TierRecord>> GetMany(
      const std::vector<std::string>& ids) override {
    absl::MutexLock lock(&mu_);
    ++calls_;
    last_batch_ = ids;
    std::vector<common::v1::TierRecord> found;
    for (const std::string& id : ids) {
      auto it = records_.find(id);
      if (it != records_.end()) found.push_back(it->second);
    }
    return found;
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, common::v1::TierRecord> records_
      ABSL_GUARDED_BY(mu_);
  absl::Duration delay_ ABSL_GUARDED_BY(mu_) = absl::ZeroDuration();
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> last_batch_ ABSL_GUARDED_BY(mu_);
};

}  // namespace nanoinfluence::testing
