// The process's own series, named as every Prometheus client library names
// them: resident memory, open file descriptors (both read from /proc at each
// scrape) and the start time.
//
//   metrics::CollectorHandle process = metrics::AddProcessMetrics(registry);
#pragma once

#include "libs/metrics/registry.h"

namespace nanoinfluence::metrics {

// Registers process_resident_memory_bytes, process_open_fds and
// process_start_time_seconds (now: call it as the process starts). The
// gauges are refreshed while the handle lives.
[[nodiscard]] CollectorHandle AddProcessMetrics(Registry& registry);

}  // namespace nanoinfluence::metrics
