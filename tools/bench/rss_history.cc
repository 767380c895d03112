#include "tools/bench/rss_history.h"

#include <algorithm>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace nanoinfluence::bench {

std::optional<Resident> ResidentOf(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  Resident resident;
  int found = 0;
  for (std::string line; std::getline(status, line);) {
    // "VmRSS:	   23456 kB"
    const bool total = absl::StartsWith(line, "VmRSS:");
    if (!total && !absl::StartsWith(line, "RssAnon:")) continue;
    std::vector<std::string> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    int64_t kib = 0;
    if (words.size() < 2 || !absl::SimpleAtoi(words[1], &kib)) continue;
    (total ? resident.mib : resident.anon_mib) =
        static_cast<double>(kib) / 1024.0;
    ++found;
  }
  if (found < 2) return std::nullopt;
  return resident;
}

void RssHistory::Sample(const std::string& service, pid_t pid, absl::Time at) {
  if (pid <= 0) return;
  if (const std::optional<Resident> resident = ResidentOf(pid)) {
    samples_[service].push_back({at, pid, *resident});
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
  growth.end_mib = end.resident.mib;
  growth.end_anon_mib = end.resident.anon_mib;
  growth.restarted = points.front().pid != end.pid;
  absl::Time started = end.at;
  absl::Time next_minute = warmed_up;
  for (const Point& point : points) {
    growth.peak_mib = std::max(growth.peak_mib, point.resident.mib);
    if (point.pid == end.pid) started = std::min(started, point.at);
    if (point.at >= next_minute) {
      growth.by_minute_mib.push_back(point.resident.mib);
      next_minute += absl::Minutes(1);
    }
  }
  growth.by_minute_mib.push_back(end.resident.mib);
  const absl::Time settled = std::max(warmed_up, started + warmup);
  for (const Point& point : points) {
    if (point.pid != end.pid || point.at < settled) continue;
    if (&point == &end) break;
    growth.baseline_mib = point.resident.mib;
    growth.baseline_anon_mib = point.resident.anon_mib;
    growth.growth_mib = end.resident.mib - point.resident.mib;
    growth.anon_growth_mib = end.resident.anon_mib - point.resident.anon_mib;
    break;
  }
  return growth;
}

}  // namespace nanoinfluence::bench
