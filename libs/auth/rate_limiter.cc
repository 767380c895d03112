#include "libs/auth/rate_limiter.h"

#include <algorithm>

namespace nanoinfluence::auth {

absl::Status ValidateRateLimit(const RateLimit& limit) {
  if (limit.per_second < 0 || (limit.per_second > 0 && limit.burst < 1)) {
    return absl::InvalidArgumentError(
        "--write_rate_per_second, --write_burst: the rate must not be "
        "negative, and the burst at least 1 when limiting");
  }
  return absl::OkStatus();
}

double RateLimiter::Refilled(const Bucket& bucket, absl::Time now) const {
  const double earned = absl::ToDoubleSeconds(std::max(now - bucket.updated,
                                                       absl::ZeroDuration())) *
                        limit_.per_second;
  return std::min(limit_.burst, bucket.tokens + earned);
}

bool RateLimiter::Allow(absl::string_view key, absl::Time now) {
  if (limit_.per_second <= 0) return true;
  absl::MutexLock lock(&mu_);
  if (now - last_sweep_ >= kSweepInterval) {
    last_sweep_ = now;
    absl::erase_if(buckets_, [&](const auto& entry) {
      return Refilled(entry.second, now) >= limit_.burst;
    });
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{limit_.burst, now});
  Bucket& bucket = it->second;
  bucket.tokens = Refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

}  // namespace nanoinfluence::auth
