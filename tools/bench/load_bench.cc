// Sustained load: the fault suite's mixed workload (the demo's traffic
// shape: registrations, applications, selections, stock, allocations,
// tracking, submissions, report reads) against the four services and Redis
// as real processes, at a fixed offered rate of calls (open loop: a call
// starts when it is due, and its latency counts from then, queueing
// included), for minutes, with faults at fixed times (load_faults.h).
// Reports throughput against the offered rate per minute, latency p50, p99
// and p99.9 and errors by status code per RPC, and each service's RSS at the
// end against after its warm-up; then checks the fault suite's invariants
// (tests/fault/invariants.h) and exits 1 when one does not hold.
//
//   tools/bench/run load [--offered_per_s=N] [--seconds=N]
//                        [--warmup_seconds=N] [--faults=on|off|names]
//                        [--clients=N] [--quick]
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "tests/fault/fault_suite.h"
#include "tests/fault/invariants.h"
#include "tests/fault/workload.h"
#include "tools/bench/load_faults.h"
#include "tools/bench/load_report.h"
#include "tools/bench/rss_history.h"

ABSL_FLAG(double, offered_per_s, 600,
          "Calls started per second, retries and replays included.");
ABSL_FLAG(int, seconds, 180, "Measured seconds, after the warm-up.");
ABSL_FLAG(int, warmup_seconds, 30,
          "Seconds of load before the measured window (and the RSS "
          "baseline).");
ABSL_FLAG(std::string, faults, "on",
          "on, off, or some of kill_dispatch,pause_redis,sigterm_ugc,"
          "kill_recruitment, spread evenly through the measured window.");
ABSL_FLAG(int, clients, 0,
          "Client threads, each running one campaign at a time: the most "
          "calls (and retry waits) in flight at once; beyond it calls start "
          "late and the lag counts. 0: one per 10 calls/s offered, at least "
          "4.");
ABSL_FLAG(bool, quick, false,
          "A smoke run: --seconds=15 --warmup_seconds=5 --offered_per_s=50 "
          "--faults=kill_dispatch.");

namespace nanoinfluence::bench {
namespace {

using testing::FaultSuite;
using testing::SuiteServiceNames;
using testing::Workload;

void SampleMemory(FaultSuite& suite, RssHistory& history) {
  for (const std::string& service : SuiteServiceNames()) {
    if (suite.running(service)) {
      history.Sample(service, suite.Pid(service), absl::Now());
    }
  }
}

// The invariants, with their gtest expectations caught here instead of
// failing a test: the number that did not hold, each printed.
int64_t CheckInvariants(FaultSuite& suite, const Workload& workload) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS,
        &failures);
    testing::ExpectInvariants(suite, workload.acknowledged(), workload.stats());
  }
  int64_t failed = 0;
  for (int i = 0; i < failures.size(); ++i) {
    const ::testing::TestPartResult& result = failures.GetTestPartResult(i);
    if (!result.failed()) continue;
    ++failed;
    std::cout << "invariant failed: "
              << (result.file_name() ? result.file_name() : "") << ":"
              << result.line_number() << ": " << result.message() << "\n";
  }
  return failed;
}

int Run() {
  const bool quick = absl::GetFlag(FLAGS_quick);
  LoadFigures figures;
  figures.offered_per_s = quick ? 50 : absl::GetFlag(FLAGS_offered_per_s);
  figures.seconds = quick ? 15 : absl::GetFlag(FLAGS_seconds);
  figures.warmup_seconds = quick ? 5 : absl::GetFlag(FLAGS_warmup_seconds);
  // A campaign is about 30 calls, so with a client per 10 calls/s each
  // finishes one in about 3 s and the mix reaches the demo's shape well
  // within the warm-up; more clients than needed would spread the calls
  // over more campaigns at once and hold the mix in its early steps.
  figures.clients = absl::GetFlag(FLAGS_clients);
  if (figures.clients == 0) {
    figures.clients =
        std::max(4, static_cast<int>(std::ceil(figures.offered_per_s / 10)));
  }
  const std::string fault_spec =
      quick ? "kill_dispatch" : absl::GetFlag(FLAGS_faults);
  if (figures.offered_per_s <= 0 || figures.seconds <= 0 ||
      figures.warmup_seconds < 0 || figures.clients <= 0) {
    std::cerr << "--offered_per_s, --seconds and --clients must be > 0\n";
    return 2;
  }
  const absl::Duration window = absl::Seconds(figures.seconds);
  const absl::Duration warmup = absl::Seconds(figures.warmup_seconds);
  auto steps = PlanFaults(fault_spec, window);
  if (!steps.ok()) {
    std::cerr << steps.status().message() << "\n";
    return 2;
  }

  {
    FaultSuite suite;
    if (!suite.ok()) {
      std::cerr << "the suite did not start: " << suite.error() << "\n";
      return 1;
    }
    std::cout << absl::StrFormat(
        "%.0f calls/s offered by %d clients: %d s of warm-up, then %d s "
        "measured; faults: %s\n",
        figures.offered_per_s, figures.clients, figures.warmup_seconds,
        figures.seconds, fault_spec);
    Workload workload(suite, {.threads = figures.clients,
                              .offered_per_s = figures.offered_per_s});
    RssHistory memory;
    const absl::Time warmed = absl::Now() + warmup;
    while (absl::Now() < warmed) {
      SampleMemory(suite, memory);
      absl::SleepFor(std::min(absl::Seconds(1), warmed - absl::Now()));
    }
    workload.calls().Restart(warmed);
    const absl::Time end = warmed + window;
    size_t next_step = 0;
    int64_t fault_errors = 0;
    while (absl::Now() < end) {
      SampleMemory(suite, memory);
      // Faults on the main thread: the suite's processes are started here.
      while (next_step < steps->size() &&
             absl::Now() >= warmed + (*steps)[next_step].at) {
        const PlannedStep& step = (*steps)[next_step++];
        const absl::Time began = absl::Now();
        const absl::Status done = step.act(suite);
        if (!done.ok()) ++fault_errors;
        figures.faults.push_back(
            absl::StrFormat("%s at %.1f s: %s (%.2f s)", step.name,
                            absl::ToDoubleSeconds(began - warmed),
                            done.ok() ? "ok" : done.ToString(),
                            absl::ToDoubleSeconds(absl::Now() - began)));
        std::cout << "fault: " << figures.faults.back() << std::endl;
      }
      absl::SleepFor(std::min(absl::Seconds(1), end - absl::Now()));
    }
    SampleMemory(suite, memory);
    for (const std::string& service : SuiteServiceNames()) {
      figures.memory[service] = memory.GrowthOf(service, warmed, warmup);
    }
    figures.by_rpc = workload.calls().ByRpc();
    figures.all = workload.calls().All();
    figures.answered_per_second = workload.calls().AnsweredPerSecond();
    figures.ok_per_second = workload.calls().OkPerSecond();
    figures.max_start_lag = workload.calls().max_start_lag();
    workload.Stop();
    figures.cycles = workload.stats().cycles;

    // Whatever a failed fault left down runs again before the checks.
    for (const std::string& service : SuiteServiceNames()) {
      if (!suite.running(service) && !suite.Start(service)) {
        std::cerr << service << " did not start: " << suite.error() << "\n";
        return 1;
      }
    }
    figures.invariant_failures =
        CheckInvariants(suite, workload) + fault_errors;
  }
  // Last, once the suite is down: nothing prints after the JSON line.
  PrintLoadReport(figures, std::cout);
  return figures.invariant_failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace nanoinfluence::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return nanoinfluence::bench::Run();
}
