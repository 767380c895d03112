// Waiting in tests for something asynchronous (a relay, an invalidation, a
// restarted process) without a time limit on the behaviour itself: the
// bound only turns a hang into a failure.
//
//   ASSERT_TRUE(Eventually([&] { return Applied() == 30; }));
#pragma once

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace nanoinfluence::testing {

// Polls `done` every 5 ms until it holds; false once `give_up_after` passed.
inline bool Eventually(const std::function<bool()>& done,
                       absl::Duration give_up_after = absl::Minutes(1)) {
  const absl::Time give_up = absl::Now() + give_up_after;
  while (!done()) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

}  // namespace nanoinfluence::testing
