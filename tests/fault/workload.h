// The demo's traffic shape as a few client threads drive it against a
// FaultSuite: each thread runs small campaigns end to end (create, open,
// registrations, applications, selection, stock, allocations, tracking
// updates, content submissions, a report read), and records what the suite
// acknowledged. Every write carries a request_id and is retried with the
// same one while the answer is transient (UNAVAILABLE, DEADLINE_EXCEEDED,
// ABORTED, RESOURCE_EXHAUSTED, CANCELLED) or says a relay has not caught up
// yet, until it is acknowledged: once the threads stop, every write they
// attempted was acknowledged exactly once, or the test fails. A third of the
// acknowledged writes are sent again with the same request_id; the second
// answer must equal the first. Each call's elapsed time is measured against
// its deadline. By default each thread sends its next call as soon as the
// last one ended (a closed loop); with an offered rate, every call (retries
// and replays included) waits for its slot in a CallSchedule instead, and
// calls() holds each call's latency from its slot (an open loop, for load
// runs).
//
//   Workload workload(suite, /*threads=*/3);
//   ... faults ...
//   workload.Stop();
//   ExpectInvariants(suite, workload.acknowledged());
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/support/status.h"
#include "tests/fault/call_log.h"
#include "tests/fault/call_schedule.h"
#include "tests/fault/fault_suite.h"

namespace nanoinfluence::testing {

// What the suite acknowledged, for the invariant checks.
struct Acknowledged {
  // One campaign's acknowledged facts.
  struct Campaign {
    std::string brand_id;
    int64_t applications = 0;
    int64_t selected = 0;
    // SetStock's units_on_hand; -1 before it was acknowledged.
    int64_t stock_set = -1;
    int64_t allocations = 0;
    int64_t shipped = 0;
    int64_t delivered = 0;
    int64_t contents = 0;
  };
  std::vector<std::string> ambassadors;
  std::vector<std::string> applications;
  std::vector<std::string> shipments;
  std::vector<std::string> contents;
  std::map<std::string, Campaign> campaigns;
  // Shipment id -> the last status acknowledged (a ShipmentStatus value).
  std::map<std::string, int> shipment_status;
};

// How the calls ended, over every attempt (replays included).
struct CallStats {
  int64_t calls = 0;
  std::map<grpc::StatusCode, int64_t> by_code;
  // UNAVAILABLE answers that name the store's disk (SQLite's "disk I/O
  // error" or "database or disk is full").
  int64_t disk_errors = 0;
  // The latest message seen with each failing code.
  std::map<grpc::StatusCode, std::string> last_message;
  // The longest a call waited past its deadline (0 when none did).
  absl::Duration worst_overrun;
  // The longest call, and its deadline.
  absl::Duration longest;
  int64_t replays = 0;
  // Replays whose answer differed from the first; a few examples.
  int64_t replay_mismatches = 0;
  // Answers no fault explains (a code outside the transient ones and the
  // relay waits), and writes given up on; a few examples of each.
  int64_t unexpected = 0;
  int64_t abandoned = 0;
  std::vector<std::string> examples;
  int64_t cycles = 0;

  int64_t Count(grpc::StatusCode code) const {
    auto found = by_code.find(code);
    return found == by_code.end() ? 0 : found->second;
  }
  // "OK=812 UNAVAILABLE=31 ..." for messages and the docs.
  std::string Summary() const;
};

// A store's refusal for a full disk: UNAVAILABLE naming SQLite's "disk I/O
// error" or "database or disk is full".
bool NamesTheDisk(const grpc::Status& status);

struct WorkloadOptions {
  int threads = 3;
  // Calls started per second across the threads; 0 for a closed loop.
  double offered_per_s = 0;
};

class Workload {
 public:
  // Each call's deadline.
  static constexpr absl::Duration kDeadline = absl::Seconds(5);

  // Starts `threads` client threads at once.
  Workload(FaultSuite& suite, int threads);
  Workload(FaultSuite& suite, const WorkloadOptions& options);
  // Stops them (each finishes the write it is retrying).
  ~Workload();
  void Stop();

  // Copies, safe while the threads run.
  Acknowledged acknowledged() const;
  CallStats stats() const;
  // Every call's latency and code, by RPC.
  CallLog& calls() { return calls_; }

 private:
  friend class CampaignDriver;
  void Run(int thread);

  FaultSuite& suite_;
  std::atomic<bool> stop_{false};
  // Null in a closed loop.
  std::unique_ptr<CallSchedule> schedule_;
  CallLog calls_{absl::Now()};
  std::vector<std::thread> threads_;
  mutable absl::Mutex mu_;
  Acknowledged acknowledged_ ABSL_GUARDED_BY(mu_);
  CallStats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace nanoinfluence::testing
