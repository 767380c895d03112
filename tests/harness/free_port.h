// Free loopback ports for servers that cannot bind port 0 themselves
// (redis-server). Tests never hardcode ports.
#pragma once

#include "absl/status/statusor.h"

namespace nanoinfluence::testing {

// A TCP port on 127.0.0.1 that was free a moment ago. Another process may
// take it before the caller binds it: callers retry on a bind failure.
absl::StatusOr<int> PickFreePort();

}  // namespace nanoinfluence::testing
