// The faults a sustained-load run injects, at fixed times through its
// measured window so a run can be repeated: with n faults chosen, the i-th
// comes at (i + 1) / (n + 1) of the window. Each runs on the caller's (main)
// thread: the fault suite starts its processes there.
//   kill_dispatch     SIGKILL to dispatch, started again at once
//   pause_redis       Redis frozen (SIGSTOP) for 3 s, then SIGCONT
//   sigterm_ugc       SIGTERM to ugc under load (must exit 0), started again
//   kill_recruitment  SIGKILL to recruitment, started again at once
//
//   auto faults = PlanFaults("on", absl::Minutes(3));
//   for (const PlannedStep& step : *faults) ... step.act(suite) ...
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/fault/fault_suite.h"

namespace nanoinfluence::bench {

// One step of a fault (a pause is two: freeze, then thaw), in time order.
struct PlannedStep {
  // From the start of the measured window.
  absl::Duration at;
  std::string name;
  // Does it; an error when the suite did not take it as it should (a
  // service that would not start again, a SIGTERM that did not exit 0).
  std::function<absl::Status(testing::FaultSuite&)> act;
};

// `spec`: "on" (all four, in the order above), "off" or "" (none), or
// names separated by commas. INVALID_ARGUMENT for an unknown name.
absl::StatusOr<std::vector<PlannedStep>> PlanFaults(const std::string& spec,
                                                    absl::Duration window);

}  // namespace nanoinfluence::bench
