// The demo's progress on the terminal: one line per phase with what it did
// and how long it took; on a terminal, a counter while a phase runs.
//
//   [ 2/12] community     8.8 s  3,000 ambassadors signed up ...
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace nanoinfluence::demo {

struct PhaseTime {
  std::string phase;
  absl::Duration took;
};

class Progress {
 public:
  explicit Progress(int phases);

  // Starts a phase: `name` is a short word ("community").
  void Begin(const std::string& name);
  // On a terminal, rewrites the phase's line with "done/total".
  void Tick(int done, int total);
  // Ends the phase with one line saying what it did.
  void End(const std::string& summary);
  // A line under the current phase (a detail worth seeing).
  void Note(const std::string& text);

  const std::vector<PhaseTime>& times() const { return times_; }

 private:
  int phases_;
  int current_ = 0;
  std::string name_;
  absl::Time started_;
  absl::Time last_tick_;
  bool terminal_;
  std::vector<PhaseTime> times_;
};

}  // namespace nanoinfluence::demo
