// How every service reads tiers: a near cache in the process, then Redis,
// then the source of truth (recruitment), which repopulates Redis.
//
// - The near cache is kept fresh by Redis client-side caching: one
//   connection enables `CLIENT TRACKING on REDIRECT <itself> BCAST PREFIX
//   nanoinfluence:v1:tier:` and subscribes to `__redis__:invalidate`
//   (RESP2, hiredis 0.14), so every change of a tier key in Redis evicts the
//   copy here within milliseconds. While that connection is down the near
//   cache is emptied and not used; a copy is also never used past
//   `near_cache_ttl`.
// - Redis down, paused or flushed is never an outage: every Redis call has a
//   socket timeout, and a failed or empty lookup goes to the source. One
//   source call per key at a time (single-flight), so a hot key does not
//   stampede recruitment.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "libs/redis/redis_pool.h"
#include "libs/tiers/near_cache.h"
#include "libs/tiers/tier_cache.h"
#include "libs/tiers/tier_source.h"

namespace nanoinfluence::tiers {

struct TierReaderOptions {
  redis::RedisOptions redis;
  // Copies kept in the process; 0 turns the near cache off.
  size_t near_cache_entries = 100'000;
  // A copy is used at most this long, invalidation or not.
  absl::Duration near_cache_ttl = absl::Minutes(5);
  // TTL of the records the reader writes back into Redis.
  absl::Duration cache_ttl = absl::Hours(24);
};

// Counts since start.
struct TierReaderCounters {
  int64_t near_hits = 0;
  int64_t redis_hits = 0;
  // Lookups answered by the source (a Redis miss or a Redis failure).
  int64_t fallbacks = 0;
  // Redis calls that failed (down, timeout, error reply).
  int64_t redis_errors = 0;
  // Invalidation messages received (a flush counts once).
  int64_t invalidations = 0;
};

class TierReader {
 public:
  // Starts the invalidation listener. Redis need not be up: the reader
  // falls back and keeps trying to connect in the background.
  TierReader(TierReaderOptions options, TierSource& source);
  ~TierReader();

  // The ambassador's record. NOT_FOUND for an unknown ambassador; the
  // source's error when neither Redis nor the source can answer.
  absl::StatusOr<common::v1::TierRecord> Get(const std::string& ambassador_id);

  // The records of the known ids among `ambassador_ids`, each once, in order
  // of first appearance; Redis with one MGET, the source with one batch call
  // per 1,000 missing ids.
  absl::StatusOr<std::vector<common::v1::TierRecord>> GetMany(
      const std::vector<std::string>& ambassador_ids);

  TierReaderCounters counters() const;
  // Whether invalidations are being received (the near cache is in use).
  bool near_cache_live() const { return tracking_live_; }

 private:
  struct Flight {
    absl::Notification done;
    absl::StatusOr<common::v1::TierRecord> result;
  };

  std::optional<common::v1::TierRecord> NearGet(const std::string& id);
  // The invalidation epoch of `id`: read before fetching, so that a copy
  // fetched across an invalidation of its key is not kept.
  uint64_t Epoch(const std::string& id);
  // Keeps a copy unless its key was invalidated since `epoch` was read.
  void NearPut(const common::v1::TierRecord& record, uint64_t epoch);
  void NearInvalidate(const std::string& key);
  void NearFlush();
  absl::StatusOr<common::v1::TierRecord> FromSource(const std::string& id,
                                                    uint64_t epoch);
  static absl::Status Erased(const std::string& id);
  // The invalidation listener's thread.
  void Listen();
  // One session of the listener; returns when its connection breaks or
  // falls silent.
  void ListenOnce();
  // Whether a message on the subscribed connection is a sign of life (a
  // pong or a message); passes an invalidation's keys to `keys`.
  static bool IsPong(const redis::RedisReply& message,
                     const std::function<void(const redisReply*)>& keys);
  // Evicts the keys of an invalidation, or everything for a flush (nil).
  void Invalidate(const redisReply* keys);

  const TierReaderOptions options_;
  TierSource& source_;
  redis::RedisPool pool_;
  TierCacheWriter writer_;

  NearCache near_;
  std::atomic<bool> tracking_live_ = false;

  absl::Mutex flights_mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<Flight>> flights_
      ABSL_GUARDED_BY(flights_mu_);

  std::atomic<int64_t> near_hits_ = 0;
  std::atomic<int64_t> redis_hits_ = 0;
  std::atomic<int64_t> fallbacks_ = 0;
  std::atomic<int64_t> redis_errors_ = 0;
  std::atomic<int64_t> invalidations_ = 0;

  std::atomic<bool> stopping_ = false;
  std::thread listener_;
};

}  // namespace nanoinfluence::tiers
