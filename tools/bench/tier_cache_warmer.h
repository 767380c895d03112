// The tier cache as recruitment keeps it in steady state: every ambassador
// of a generated community (written straight into recruitment's database,
// so recruitment never cached them) put into Redis with the service's own
// TierCacheWriter, as registration and account changes do.
#pragma once

#include <string>

#include "absl/status/status.h"

namespace nanoinfluence::bench {

absl::Status WarmTierCache(const std::string& recruitment_database,
                           int redis_port);

}  // namespace nanoinfluence::bench
