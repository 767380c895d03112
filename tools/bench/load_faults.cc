#include "tools/bench/load_faults.h"

#include <signal.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace nanoinfluence::bench {
namespace {

using testing::FaultSuite;

// Far longer than a Redis call's socket timeout (--redis_timeout, 250 ms),
// so lookups meet the timeout and go to recruitment (libs/tiers/
// tier_reader.h) many times over; shorter than the callers' 5 s deadline.
constexpr absl::Duration kRedisPause = absl::Seconds(3);

const std::vector<std::string>& AllFaults() {
  static const auto* names = new std::vector<std::string>{
      "kill_dispatch", "pause_redis", "sigterm_ugc", "kill_recruitment"};
  return *names;
}

absl::Status StartAgain(FaultSuite& suite, const std::string& service) {
  return suite.Start(service)
             ? absl::OkStatus()
             : absl::UnavailableError(
                   absl::StrCat(service, " did not start: ", suite.error()));
}

std::function<absl::Status(FaultSuite&)> KillAndRestart(
    const std::string& service) {
  return [service](FaultSuite& suite) {
    suite.Kill(service);
    return StartAgain(suite, service);
  };
}

}  // namespace

absl::StatusOr<std::vector<PlannedStep>> PlanFaults(const std::string& spec,
                                                    absl::Duration window) {
  std::vector<std::string> names;
  if (spec == "on") {
    names = AllFaults();
  } else if (spec != "off" && !spec.empty()) {
    names = absl::StrSplit(spec, ',', absl::SkipEmpty());
  }
  std::vector<PlannedStep> steps;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    const absl::Duration at = window * static_cast<double>(i + 1) /
                              static_cast<double>(names.size() + 1);
    if (name == "kill_dispatch") {
      steps.push_back({at, name, KillAndRestart("dispatch")});
    } else if (name == "kill_recruitment") {
      steps.push_back({at, name, KillAndRestart("recruitment")});
    } else if (name == "pause_redis") {
      steps.push_back({at, name, [](FaultSuite& suite) {
                         suite.redis().Signal(SIGSTOP);
                         return absl::OkStatus();
                       }});
      steps.push_back({at + kRedisPause, "resume_redis", [](FaultSuite& suite) {
                         suite.redis().Signal(SIGCONT);
                         return absl::OkStatus();
                       }});
    } else if (name == "sigterm_ugc") {
      steps.push_back({at, name, [](FaultSuite& suite) {
                         if (const int code = suite.Stop("ugc"); code != 0) {
                           return absl::InternalError(absl::StrCat(
                               "ugc exited ", code, " on SIGTERM"));
                         }
                         return StartAgain(suite, "ugc");
                       }});
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "--faults: unknown fault \"", name,
          "\" (on, off, or some of kill_dispatch,pause_redis,sigterm_ugc,"
          "kill_recruitment)"));
    }
  }
  std::stable_sort(
      steps.begin(), steps.end(),
      [](const PlannedStep& a, const PlannedStep& b) { return a.at < b.at; });
  return steps;
}

}  // namespace nanoinfluence::bench
