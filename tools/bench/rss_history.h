// Each service's resident memory sampled through a load run, to tell a flat
// footprint from a leak: growth is the RSS at the end minus the RSS once the
// process had warmed up. A service restarted during the run (a kill -9, a
// rolling restart) is a new process whose memory starts over, so its
// baseline is taken a warm-up after its last start, or not at all when the
// run ended too soon after it.
//
//   RssHistory history;
//   history.Sample("kpi", pid, absl::Now());      // every second
//   RssHistory::Growth growth = history.GrowthOf("kpi", warmed, warmup);
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace nanoinfluence::bench {

// A process's resident memory in MiB, from /proc/<pid>/status: all of it
// (VmRSS) and its anonymous part (RssAnon: the heap and stacks, where a leak
// shows; the rest is mapped files and shared memory).
struct Resident {
  double mib = 0;
  double anon_mib = 0;
};
// Nullopt when it cannot be read (the process ended).
std::optional<Resident> ResidentOf(pid_t pid);

class RssHistory {
 public:
  // Reads `pid`'s RSS now and keeps it; nothing when it cannot be read.
  void Sample(const std::string& service, pid_t pid, absl::Time at);

  struct Growth {
    double baseline_mib = 0;
    double end_mib = 0;
    double peak_mib = 0;
    // The anonymous part at the baseline and at the end.
    double baseline_anon_mib = 0;
    double end_anon_mib = 0;
    // The process at the end is not the one at the start.
    bool restarted = false;
    // end - baseline; nullopt without a baseline sample before the end.
    std::optional<double> growth_mib;
    std::optional<double> anon_growth_mib;
    // RSS at the end of the warm-up and after each minute since (the
    // first sample at or after each), then at the end: flat or climbing.
    std::vector<double> by_minute_mib;
  };
  // Baseline: the first sample of the last process at or after both
  // `warmed_up` and its own first sample + `warmup`.
  Growth GrowthOf(const std::string& service, absl::Time warmed_up,
                  absl::Duration warmup) const;

 private:
  struct Point {
    absl::Time at;
    pid_t pid;
    Resident resident;
  };
  std::map<std::string, std::vector<Point>> samples_;
};

}  // namespace nanoinfluence::bench
