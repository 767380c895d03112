// What a sustained-load run prints: a table per minute (offered, answered,
// OK), latency percentiles and errors by status code per RPC, each
// service's memory, then one JSON object on the last line (snake_case
// names: RPCs and codes too, e.g. "allocate_sample", "unavailable").
//
//   LoadFigures figures = ...;
//   PrintLoadReport(figures, std::cout);
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "tests/fault/call_log.h"
#include "tools/bench/rss_history.h"

namespace nanoinfluence::bench {

struct LoadFigures {
  double offered_per_s = 0;
  int seconds = 0;
  int warmup_seconds = 0;
  int clients = 0;
  // "kill_dispatch at 45 s: ok", in the order they ran.
  std::vector<std::string> faults;
  // Over the measured window (after the warm-up).
  std::map<std::string, testing::RpcFigures> by_rpc;
  testing::RpcFigures all;
  std::vector<int64_t> answered_per_second;
  std::vector<int64_t> ok_per_second;
  absl::Duration max_start_lag;
  std::map<std::string, RssHistory::Growth> memory;
  // Campaigns completed over the whole run, warm-up included.
  int64_t cycles = 0;
  int64_t invariant_failures = 0;
};

void PrintLoadReport(const LoadFigures& figures, std::ostream& out);

// "AllocateSample" -> "allocate_sample".
std::string SnakeCase(const std::string& name);

}  // namespace nanoinfluence::bench
