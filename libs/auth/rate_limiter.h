// A token bucket per caller: each key may spend `burst` calls at once and
// earns `per_second` calls back each second. Thread-safe.
#pragma once

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace nanoinfluence::auth {

struct RateLimit {
  // Sustained calls per second per key; 0 turns limiting off.
  double per_second = 0;
  // Calls a key may make at once after being idle.
  double burst = 0;
};

// INVALID_ARGUMENT for a negative rate, or a burst under 1 while limiting.
absl::Status ValidateRateLimit(const RateLimit& limit);

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit) : limit_(limit) {}

  // Takes one call from `key`'s bucket; false when it is empty.
  bool Allow(absl::string_view key, absl::Time now);

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };
  // Full buckets (idle callers) are dropped once a minute: a full bucket and
  // no bucket behave the same, and memory stays bounded by the callers of
  // the last minute or so.
  static constexpr absl::Duration kSweepInterval = absl::Minutes(1);

  double Refilled(const Bucket& bucket, absl::Time now) const;

  const RateLimit limit_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
  absl::Time last_sweep_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace nanoinfluence::auth
