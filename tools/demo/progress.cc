#include "tools/demo/progress.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "tools/nanoctl_client/report_table.h"

namespace nanoinfluence::demo {

Progress::Progress(int phases)
    : phases_(phases), terminal_(::isatty(STDOUT_FILENO) == 1) {}

void Progress::Begin(const std::string& name) {
  ++current_;
  name_ = name;
  started_ = absl::Now();
  last_tick_ = absl::InfinitePast();
  if (terminal_) {
    std::printf("[%2d/%d] %-11s ...", current_, phases_, name_.c_str());
    std::fflush(stdout);
  }
}

void Progress::Tick(int done, int total) {
  if (!terminal_) return;
  const absl::Time now = absl::Now();
  if (now - last_tick_ < absl::Milliseconds(100) && done != total) return;
  last_tick_ = now;
  std::printf("\r[%2d/%d] %-11s %s/%s", current_, phases_, name_.c_str(),
              tools::Thousands(done).c_str(), tools::Thousands(total).c_str());
  std::fflush(stdout);
}

void Progress::End(const std::string& summary) {
  const absl::Duration took = absl::Now() - started_;
  times_.push_back({name_, took});
  std::printf("%s[%2d/%d] %-11s %5.1f s  %s\n", terminal_ ? "\r\033[K" : "",
              current_, phases_, name_.c_str(), absl::ToDoubleSeconds(took),
              summary.c_str());
  std::fflush(stdout);
}

void Progress::Note(const std::string& text) {
  std::printf("%s                           %s\n", terminal_ ? "\r\033[K" : "",
              text.c_str());
  std::fflush(stdout);
}

}  // namespace nanoinfluence::demo
