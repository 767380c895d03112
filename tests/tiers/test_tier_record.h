// A tier record with only what the caches compare: its ambassador and
// version.
#pragma once

#include <cstdint>
#include <string>

#include "nanoinfluence/common/v1/tier.pb.h"

namespace nanoinfluence::testing {

inline common::v1::TierRecord TestTierRecord(const std::string& id,
                                             int64_t version = 1) {
  common::v1::TierRecord record;
  record.set_ambassador_id(id);
  record.set_version(version);
  return record;
}

}  // namespace nanoinfluence::testing
