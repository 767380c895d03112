// Every call of the workload, per RPC, for the load figures: its latency
// from when it was due (CallSchedule) to its answer, its status code, and
// how many answers came in each second. The fault tests' pass/fail figures
// are CallStats (workload.h); this is what a load run reports.
//
//   CallLog log(absl::Now());
//   log.Record("AllocateSample", grpc::StatusCode::OK, due, start, end);
//   log.Restart(absl::Now());           // the end of the warm-up
//   for (const auto& [rpc, figures] : log.ByRpc()) ...
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace nanoinfluence::testing {

// One RPC's calls (or all of them).
struct RpcFigures {
  int64_t calls = 0;
  std::map<grpc::StatusCode, int64_t> codes;
  // Latency percentiles by nearest rank, due to answer; 0 without calls.
  absl::Duration p50, p99, p999, max;
};

class CallLog {
 public:
  explicit CallLog(absl::Time epoch) : epoch_(epoch) {}

  // A call due at `due`, started at `start` (later when the schedule ran
  // behind), answered `code` at `end`. Thread-safe.
  void Record(const std::string& rpc, grpc::StatusCode code, absl::Time due,
              absl::Time start, absl::Time end);

  // Forgets every call so far and counts seconds from `epoch`.
  void Restart(absl::Time epoch);

  std::map<std::string, RpcFigures> ByRpc() const;
  RpcFigures All() const;
  // Answers (any code) and OK answers in each whole second since the
  // epoch, by when they came.
  std::vector<int64_t> AnsweredPerSecond() const;
  std::vector<int64_t> OkPerSecond() const;
  // The latest a call started after it was due.
  absl::Duration max_start_lag() const;

 private:
  struct Calls {
    std::vector<int64_t> latency_us;
    std::map<grpc::StatusCode, int64_t> codes;
  };
  static RpcFigures Figures(std::vector<int64_t> latency_us,
                            const std::map<grpc::StatusCode, int64_t>& codes);

  mutable absl::Mutex mu_;
  absl::Time epoch_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Calls> calls_ ABSL_GUARDED_BY(mu_);
  std::vector<int64_t> answered_ ABSL_GUARDED_BY(mu_);
  std::vector<int64_t> ok_ ABSL_GUARDED_BY(mu_);
  absl::Duration max_start_lag_ ABSL_GUARDED_BY(mu_);
};

}  // namespace nanoinfluence::testing
