#include "tests/fault/call_schedule.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace nanoinfluence::testing {

CallSchedule::CallSchedule(double calls_per_second, absl::Time start)
    : interval_(absl::Seconds(1) / calls_per_second), start_(start) {}

absl::Time CallSchedule::WaitForSlot(const std::atomic<bool>& stop) {
  const absl::Time due = start_ + interval_ * next_++;
  // In slices, so a thread holding a slot far ahead still sees `stop`.
  constexpr absl::Duration kSlice = absl::Milliseconds(50);
  for (absl::Time now = absl::Now(); now < due; now = absl::Now()) {
    if (stop) return now;
    absl::SleepFor(std::min(due - now, kSlice));
  }
  return due;
}

}  // namespace nanoinfluence::testing
