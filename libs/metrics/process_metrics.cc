#include "libs/metrics/process_metrics.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace nanoinfluence::metrics {
namespace {

// Resident pages (the second figure of /proc/self/statm) in bytes; -1 when
// unreadable.
double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long long size = 0, resident = 0;
  if (!(statm >> size >> resident)) return -1;
  return static_cast<double>(resident) * static_cast<double>(getpagesize());
}

double OpenFds() {
  std::error_code error;
  double count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end;
       !error && it != end; it.increment(error)) {
    ++count;
  }
  return error ? -1 : count;
}

}  // namespace

CollectorHandle AddProcessMetrics(Registry& registry) {
  registry
      .AddGauge("process_start_time_seconds",
                "Start time of the process since the Unix epoch, in seconds.")
      .Get()
      .Set(absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()));
  Gauge& resident = registry
                        .AddGauge("process_resident_memory_bytes",
                                  "Resident memory size in bytes.")
                        .Get();
  Gauge& fds =
      registry.AddGauge("process_open_fds", "Open file descriptors.").Get();
  return registry.AddCollector([&resident, &fds] {
    resident.Set(ResidentBytes());
    fds.Set(OpenFds());
  });
}

}  // namespace nanoinfluence::metrics
