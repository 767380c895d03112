// Writes tier records read by GetTier / BatchGetTiers back to the shared
// cache off the call's path: a reader that missed the cache gets its answer
// without waiting for Redis, and the records are stored in pipelined
// batches by one background thread. A record written back in the last
// minute is not written again (readers ask for the same ambassadors over
// and over; each reader also writes back what it fetched). Best effort:
// when Redis is slow the queue is capped and the oldest records are dropped.
#pragma once

#include <deque>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/tiers/tier_cache.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "services/recruitment/recent_tier_writes.h"

namespace nanoinfluence::recruitment {

class TierWriteBack {
 public:
  explicit TierWriteBack(tiers::TierCacheWriter& writer);
  // Stores what is queued, then stops.
  ~TierWriteBack();

  void Push(const common::v1::TierRecord& record);

 private:
  static constexpr size_t kMaxQueued = 10000;
  static constexpr size_t kBatch = 500;

  void Run();
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !queue_.empty();
  }

  tiers::TierCacheWriter& writer_;
  absl::Mutex mu_;
  std::deque<common::v1::TierRecord> queue_ ABSL_GUARDED_BY(mu_);
  RecentTierWrites written_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace nanoinfluence::recruitment
