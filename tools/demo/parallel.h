// Runs many independent calls at once, as the app's many users do, on a
// fixed number of threads. Tasks must not depend on each other's order:
// what does is run in sequence by the phases themselves.
//
//   NANO_RETURN_IF_ERROR(ParallelFor(members, 16, [&](int i) {
//     return SignUp(members[i]);
//   }));
#pragma once

#include <functional>

#include "absl/status/status.h"

namespace nanoinfluence::demo {

// Calls task(i) for every i in [0, count) on `threads` threads, and
// `progress(done)` now and then from one of them. Returns OK, or the error
// of the lowest failing index (tasks say in it what failed); once a task
// failed, the tasks not yet started are skipped.
absl::Status ParallelFor(int count, int threads,
                         const std::function<absl::Status(int)>& task,
                         const std::function<void(int)>& progress = nullptr);

}  // namespace nanoinfluence::demo
