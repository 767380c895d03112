// CPU time (user + system) spent by processes, read from /proc, so a
// benchmark can say what one operation costs the machine as a whole: on a
// 2-core machine the rate of a CPU-bound pipeline is at most 2 s of CPU a
// second divided by the CPU one operation takes in all its processes.
#pragma once

#include <sys/types.h>

#include "absl/time/time.h"

namespace nanoinfluence::bench {

// CPU time `pid` has used so far (its threads included, its children not);
// zero when it cannot be read.
absl::Duration ProcessCpuTime(pid_t pid);

// CPU time of this process so far.
absl::Duration OwnCpuTime();

}  // namespace nanoinfluence::bench
