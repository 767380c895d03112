// The shared tier cache in Redis, as every service reads and recruitment
// writes it (docs/tiers.md has the contract for other readers):
//
//   key    nanoinfluence:v1:tier:<ambassador_id>
//   value  a serialized nanoinfluence.common.v1.TierRecord
//   TTL    24 h by default, minus up to 10 % at random (expiries spread out)
//
// A write never replaces a record by one with a lower `version`: the
// comparison and the SET run in Redis as one Lua script, which reads the
// stored record's version straight from its protobuf bytes (field 4).
//
// Erasure stores a tombstone, a record with tier TIER_UNSPECIFIED and the
// highest version, for an hour: a reader's write-back of an answer fetched
// before the erasure cannot bring the record back. Readers treat a
// tombstone as "not found".
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/redis/redis_pool.h"
#include "nanoinfluence/common/v1/tier.pb.h"

namespace nanoinfluence::tiers {

// "nanoinfluence:v1:tier:<ambassador_id>".
std::string TierCacheKey(absl::string_view ambassador_id);
// The prefix of every tier key (for BCAST invalidations).
inline constexpr char kTierKeyPrefix[] = "nanoinfluence:v1:tier:";

// Whether a record read from the cache is an erasure's tombstone.
bool IsTombstone(const common::v1::TierRecord& record);

class TierCacheWriter {
 public:
  explicit TierCacheWriter(redis::RedisPool& redis,
                           absl::Duration ttl = absl::Hours(24))
      : redis_(redis), ttl_(ttl) {}

  // Stores `record` unless Redis holds a higher version. Returns whether it
  // was stored. UNAVAILABLE when Redis is down (the cache is only a copy: a
  // writer logs and goes on).
  absl::StatusOr<bool> Put(const common::v1::TierRecord& record);

  // Put for many records in one round trip (pipelined).
  absl::Status PutMany(const std::vector<common::v1::TierRecord>& records);

  // Replaces the record by a tombstone (erasure).
  absl::Status Erase(absl::string_view ambassador_id);

 private:
  static constexpr absl::Duration kTombstoneTtl = absl::Hours(1);

  // The EVAL command storing `record`; INVALID_ARGUMENT for a bad record.
  absl::StatusOr<redis::Args> PutCommand(const common::v1::TierRecord& record,
                                         absl::Duration ttl);
  absl::Duration JitteredTtl() const;

  redis::RedisPool& redis_;
  const absl::Duration ttl_;
};

}  // namespace nanoinfluence::tiers
