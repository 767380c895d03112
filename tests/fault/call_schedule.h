// Open-loop pacing for the workload's calls: call k is due at
// start + k / rate, whichever client thread takes it, so calls start on
// schedule and not after the previous one ends. A call that starts late
// because every thread was busy still counts its latency from when it was
// due: the queueing a real caller would see is in the figure instead of
// being hidden by a slower client (the "coordinated omission" of a closed
// loop).
//
//   CallSchedule schedule(/*calls_per_second=*/200, absl::Now());
//   const absl::Time due = schedule.WaitForSlot(stop);
//   ... call ...; latency = absl::Now() - due;
#pragma once

#include <atomic>
#include <cstdint>

#include "absl/time/time.h"

namespace nanoinfluence::testing {

class CallSchedule {
 public:
  // `calls_per_second` must be > 0.
  CallSchedule(double calls_per_second, absl::Time start);

  // Takes the next slot and sleeps until it is due; returns when it was
  // due (in the past when the schedule runs behind). Once `stop` is set
  // it returns at once with the current time, so a stopping client
  // finishes its write without waiting for slots.
  absl::Time WaitForSlot(const std::atomic<bool>& stop);

 private:
  const absl::Duration interval_;
  const absl::Time start_;
  std::atomic<int64_t> next_{0};
};

}  // namespace nanoinfluence::testing
