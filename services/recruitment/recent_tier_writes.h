// Which tier records the write-back stored in the last minute, so that the
// same record read over and over is not written to Redis again and again.
// Not thread-safe (TierWriteBack holds its lock).
//
// Memory is bounded by the ambassadors written in the last minute or two:
// a remembered write older than a minute no longer stops a rewrite, so
// every minute the old ones are swept out. Without the sweep it would keep
// every ambassador ever read until `kMaxRemembered` (about 10 MiB, reached
// only after half an hour of sustained load).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "nanoinfluence/common/v1/tier.pb.h"

namespace nanoinfluence::recruitment {

class RecentTierWrites {
 public:
  static constexpr size_t kMaxRemembered = 100000;
  static constexpr absl::Duration kRewriteAfter = absl::Minutes(1);

  // Whether `record` should be written at `now` (not written, at this
  // version, in the last kRewriteAfter); if so, remembers it as written.
  bool ShouldWrite(const common::v1::TierRecord& record, absl::Time now);

  size_t size() const { return written_.size(); }

 private:
  struct Written {
    int64_t version;
    absl::Time at;
  };

  void SweepOld(absl::Time now);

  absl::flat_hash_map<std::string, Written> written_;
  absl::Time last_sweep_ = absl::InfinitePast();
};

}  // namespace nanoinfluence::recruitment
