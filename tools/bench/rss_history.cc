#include "tools/bench/rss_history.h"

#include <algorithm>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace nanoinfluence::bench {

std::optional<double> ResidentMib(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  for (std::string line; std::getline(status, line);) {
    // "VmRSS:	   23456 kB"
    if (!absl::StartsWith(line, "VmRSS:")) continue;
    std::vector<std::string> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    int64_t kib = 0;
    if (words.size() >= 2 && absl::SimpleAtoi(words[1], &kib)) {
      return static_cast<double>(kib) / 1024.0;
    }
  }
  return std::nullopt;
}

void RssHistory::Sample(const std::string& service, pid_t pid, absl::Time at) {
  if (pid <= 0) return;
  if (const std::optional<double> mib = ResidentMib(pid)) {
    samples_[service].push_back({at, pid, *mib});
  }
}

RssHistory::Growth RssHistory::GrowthOf(const std::string& service,
                                        absl::Time warmed_up,
                                        absl::Duration warmup) const {
  Growth growth;
  auto found = samples_.find(service);
  if (found == samples_.end() || found->second.empty()) return growth;
  const std::vector<Point>& points = found->second;
  const Point& end = points.back();
  growth.end_mib = end.mib;
  growth.restarted = points.front().pid != end.pid;
  absl::Time started = end.at;
  for (const Point& point : points) {
    growth.peak_mib = std::max(growth.peak_mib, point.mib);
    if (point.pid == end.pid) started = std::min(started, point.at);
  }
  const absl::Time settled = std::max(warmed_up, started + warmup);
  for (const Point& point : points) {
    if (point.pid != end.pid || point.at < settled) continue;
    if (&point == &end) break;
    growth.baseline_mib = point.mib;
    growth.growth_mib = end.mib - point.mib;
    break;
  }
  return growth;
}

}  // namespace nanoinfluence::bench
