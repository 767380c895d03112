#include "services/recruitment/tier_write_back.h"

#include <utility>

#include "absl/time/clock.h"

namespace nanoinfluence::recruitment {

TierWriteBack::TierWriteBack(tiers::TierCacheWriter& writer)
    : writer_(writer), thread_([this] { Run(); }) {}

TierWriteBack::~TierWriteBack() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void TierWriteBack::Push(const common::v1::TierRecord& record) {
  absl::MutexLock lock(&mu_);
  if (!written_.ShouldWrite(record, absl::Now())) return;
  if (queue_.size() >= kMaxQueued) queue_.pop_front();
  queue_.push_back(record);
}

void TierWriteBack::Run() {
  while (true) {
    std::vector<common::v1::TierRecord> batch;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &TierWriteBack::HasWork));
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && batch.size() < kBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    // A failure is only a cache left cold; the cache writer counts nothing
    // here, the readers' own counters show the misses.
    writer_.PutMany(batch).IgnoreError();
  }
}

}  // namespace nanoinfluence::recruitment
