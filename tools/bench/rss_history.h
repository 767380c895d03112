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

// VmRSS of a process in MiB, from /proc; nullopt when it cannot be read
// (the process ended).
std::optional<double> ResidentMib(pid_t pid);

class RssHistory {
 public:
  // Reads `pid`'s RSS now and keeps it; nothing when it cannot be read.
  void Sample(const std::string& service, pid_t pid, absl::Time at);

  struct Growth {
    double baseline_mib = 0;
    double end_mib = 0;
    double peak_mib = 0;
    // The process at the end is not the one at the start.
    bool restarted = false;
    // end - baseline; nullopt without a baseline sample before the end.
    std::optional<double> growth_mib;
  };
  // Baseline: the first sample of the last process at or after both
  // `warmed_up` and its own first sample + `warmup`.
  Growth GrowthOf(const std::string& service, absl::Time warmed_up,
                  absl::Duration warmup) const;

 private:
  struct Point {
    absl::Time at;
    pid_t pid;
    double mib;
  };
  std::map<std::string, std::vector<Point>> samples_;
};

}  // namespace nanoinfluence::bench
