// The tier reader's copies of tier records in the process, with the
// invalidation epochs that keep out a copy fetched across an invalidation of
// its key. Thread-safe.
//
// Memory is bounded by what was stored in the last `ttl` or so, not by
// `capacity` alone: a copy past its TTL is never used, and one no lookup asks
// for again would otherwise stay until the cache filled up (under sustained
// load, with new ambassadors every second, that is `capacity` entries, tens
// of MiB, reached only after half an hour). So every `ttl / 5` a Put also
// sweeps out the copies past their TTL. `capacity` still caps a burst: past
// it, the cache starts over.
//
//   NearCache cache(100'000, absl::Minutes(5));
//   const uint64_t epoch = cache.Epoch(id);  // before fetching
//   ... fetch record ...
//   cache.Put(record, epoch, absl::Now());   // dropped if `id` changed since
//   std::optional<TierRecord> copy = cache.Get(id, absl::Now());
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "nanoinfluence/common/v1/tier.pb.h"

namespace nanoinfluence::tiers {

class NearCache {
 public:
  NearCache(size_t capacity, absl::Duration ttl)
      : capacity_(capacity), ttl_(ttl), sweep_every_(ttl / 5) {}

  // The copy of `id` stored less than `ttl` before `now`.
  std::optional<common::v1::TierRecord> Get(const std::string& id,
                                            absl::Time now);
  // The invalidation epoch of `id`: read before fetching.
  uint64_t Epoch(const std::string& id);
  // Keeps a copy unless its key was invalidated (or everything flushed)
  // since `epoch` was read.
  void Put(const common::v1::TierRecord& record, uint64_t epoch,
           absl::Time now);
  // Evicts `id`'s copy; a fetch in flight for it will not be kept.
  void Invalidate(const std::string& id);
  // Evicts everything; no fetch in flight will be kept.
  void Flush();

  size_t size() const;

 private:
  struct Entry {
    common::v1::TierRecord record;
    absl::Time stored;
  };

  uint64_t& StripeOf(const std::string& id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void SweepExpired(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t capacity_;
  const absl::Duration ttl_;
  const absl::Duration sweep_every_;

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  absl::Time last_sweep_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  // A key's epoch is `flushes_` plus its stripe's count. Striped so that
  // changes of other keys do not keep throwing away copies.
  uint64_t flushes_ ABSL_GUARDED_BY(mu_) = 0;
  std::array<uint64_t, 64> stripes_ ABSL_GUARDED_BY(mu_) = {};
};

}  // namespace nanoinfluence::tiers
