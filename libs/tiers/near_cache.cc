#include "libs/tiers/near_cache.h"

#include "absl/hash/hash.h"

namespace nanoinfluence::tiers {

std::optional<common::v1::TierRecord> NearCache::Get(const std::string& id,
                                                     absl::Time now) {
  absl::MutexLock lock(&mu_);
  const auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  if (now - it->second.stored > ttl_) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.record;
}

uint64_t& NearCache::StripeOf(const std::string& id) {
  return stripes_[absl::HashOf(id) % stripes_.size()];
}

uint64_t NearCache::Epoch(const std::string& id) {
  absl::MutexLock lock(&mu_);
  return flushes_ + StripeOf(id);
}

void NearCache::Put(const common::v1::TierRecord& record, uint64_t epoch,
                    absl::Time now) {
  absl::MutexLock lock(&mu_);
  // Checked under the lock invalidations take: a copy fetched before an
  // invalidation of its key (or a flush) may be the old value.
  if (flushes_ + StripeOf(record.ambassador_id()) != epoch) return;
  SweepExpired(now);
  if (entries_.size() >= capacity_) entries_.clear();
  entries_[record.ambassador_id()] = {record, now};
}

void NearCache::SweepExpired(absl::Time now) {
  if (now - last_sweep_ < sweep_every_) return;
  last_sweep_ = now;
  absl::erase_if(entries_, [&](const auto& entry) {
    return now - entry.second.stored > ttl_;
  });
}

void NearCache::Invalidate(const std::string& id) {
  absl::MutexLock lock(&mu_);
  ++StripeOf(id);
  entries_.erase(id);
}

void NearCache::Flush() {
  absl::MutexLock lock(&mu_);
  ++flushes_;
  entries_.clear();
}

size_t NearCache::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace nanoinfluence::tiers
