#include "tools/bench/load_report.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace nanoinfluence::bench {
namespace {

// gRPC's codes are numbered as absl's.
std::string CodeName(grpc::StatusCode code) {
  return absl::AsciiStrToLower(
      absl::StatusCodeToString(static_cast<absl::StatusCode>(code)));
}

double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

// Calls per second in [from, to) of the measured window.
double Rate(const std::vector<int64_t>& per_second, int from, int to) {
  const int end = std::min<int>(to, static_cast<int>(per_second.size()));
  int64_t total = 0;
  for (int s = from; s < end; ++s) total += per_second[s];
  return to > from ? static_cast<double>(total) / (to - from) : 0;
}

std::string Errors(const std::map<grpc::StatusCode, int64_t>& codes) {
  std::vector<std::string> parts;
  for (const auto& [code, count] : codes) {
    if (code != grpc::StatusCode::OK) {
      parts.push_back(absl::StrFormat("\"%s\": %d", CodeName(code), count));
    }
  }
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

std::string Latencies(const testing::RpcFigures& f) {
  return absl::StrFormat(
      "{\"calls\": %d, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"p999_ms\": %.2f, "
      "\"max_ms\": %.2f}",
      f.calls, Ms(f.p50), Ms(f.p99), Ms(f.p999), Ms(f.max));
}

}  // namespace

std::string SnakeCase(const std::string& name) {
  std::string snake;
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c)) && !snake.empty()) {
      snake += '_';
    }
    snake += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return snake;
}

void PrintLoadReport(const LoadFigures& f, std::ostream& out) {
  // Minutes of the measured window (the last may be shorter).
  std::vector<std::string> by_minute;
  double worst_ratio = 1;
  out << "minute  offered/s  answered/s  ok/s\n";
  for (int from = 0; from < f.seconds; from += 60) {
    const int to = std::min(from + 60, f.seconds);
    const double answered = Rate(f.answered_per_second, from, to);
    const double ok = Rate(f.ok_per_second, from, to);
    worst_ratio = std::min(worst_ratio, answered / f.offered_per_s);
    by_minute.push_back(absl::StrFormat("%.1f", answered));
    out << absl::StrFormat("%6d  %9.1f  %10.1f  %6.1f\n", from / 60 + 1,
                           f.offered_per_s, answered, ok);
  }
  const double achieved = Rate(f.answered_per_second, 0, f.seconds);
  const double ok = Rate(f.ok_per_second, 0, f.seconds);

  out << "rpc                      calls   p50 ms   p99 ms  p99.9 ms   max ms"
         "  errors\n";
  std::vector<std::string> latency_json, errors_json;
  for (const auto& [rpc, r] : f.by_rpc) {
    out << absl::StrFormat("%-22s %7d %8.2f %8.2f %9.2f %8.2f  %s\n", rpc,
                           r.calls, Ms(r.p50), Ms(r.p99), Ms(r.p999), Ms(r.max),
                           Errors(r.codes));
    latency_json.push_back(
        absl::StrFormat("\"%s\": %s", SnakeCase(rpc), Latencies(r)));
    errors_json.push_back(
        absl::StrFormat("\"%s\": %s", SnakeCase(rpc), Errors(r.codes)));
  }
  out << absl::StrFormat("%-22s %7d %8.2f %8.2f %9.2f %8.2f  %s\n", "(all)",
                         f.all.calls, Ms(f.all.p50), Ms(f.all.p99),
                         Ms(f.all.p999), Ms(f.all.max), Errors(f.all.codes));

  out << "service      rss MiB: at warm-up  at end  peak  growth  (anon: "
         "growth)  by minute\n";
  std::vector<std::string> growth_json, anon_json, end_json, minutes_json;
  for (const auto& [service, m] : f.memory) {
    const auto shown = [](const std::optional<double>& mib) {
      return mib ? absl::StrFormat("%.1f", *mib) : std::string("null");
    };
    std::vector<std::string> minutes;
    for (double mib : m.by_minute_mib) {
      minutes.push_back(absl::StrFormat("%.1f", mib));
    }
    out << absl::StrFormat(
        "%-12s %17.1f %7.1f %5.1f  %6s  (%s)  %s%s\n", service, m.baseline_mib,
        m.end_mib, m.peak_mib, shown(m.growth_mib), shown(m.anon_growth_mib),
        absl::StrJoin(minutes, " "),
        m.restarted ? "  restarted: growth from its own warm-up" : "");
    growth_json.push_back(
        absl::StrFormat("\"%s\": %s", service, shown(m.growth_mib)));
    anon_json.push_back(
        absl::StrFormat("\"%s\": %s", service, shown(m.anon_growth_mib)));
    end_json.push_back(absl::StrFormat("\"%s\": %.1f", service, m.end_mib));
    minutes_json.push_back(
        absl::StrFormat("\"%s\": [%s]", service, absl::StrJoin(minutes, ", ")));
  }
  for (const std::string& fault : f.faults) out << "fault: " << fault << "\n";

  std::vector<std::string> faults_json;
  for (const std::string& fault : f.faults) {
    // A fault's outcome may quote a server's error message.
    faults_json.push_back(absl::StrCat(
        "\"",
        absl::StrReplaceAll(fault, {{"\"", "'"}, {"\\", "/"}, {"\n", " "}}),
        "\""));
  }
  out << absl::StrFormat(
      "{\"offered_per_s\": %.1f, \"achieved_per_s\": %.1f, \"ok_per_s\": "
      "%.1f, \"achieved_per_s_by_minute\": [%s], "
      "\"worst_minute_vs_offered\": %.3f, \"seconds\": %d, "
      "\"warmup_seconds\": %d, \"clients\": %d, \"calls\": %d, "
      "\"p50_ms\": %.2f, \"p99_ms\": %.2f, \"p999_ms\": %.2f, "
      "\"max_start_lag_ms\": %.1f, \"latency\": {%s}, \"errors\": %s, "
      "\"errors_by_rpc\": {%s}, \"rss_end_mib\": {%s}, "
      "\"rss_growth_mib\": {%s}, \"rss_anon_growth_mib\": {%s}, "
      "\"rss_mib_by_minute\": {%s}, \"faults\": [%s], \"cycles\": %d, "
      "\"invariant_failures\": %d, \"invariants_held\": %s}\n",
      f.offered_per_s, achieved, ok, absl::StrJoin(by_minute, ", "),
      worst_ratio, f.seconds, f.warmup_seconds, f.clients, f.all.calls,
      Ms(f.all.p50), Ms(f.all.p99), Ms(f.all.p999), Ms(f.max_start_lag),
      absl::StrJoin(latency_json, ", "), Errors(f.all.codes),
      absl::StrJoin(errors_json, ", "), absl::StrJoin(end_json, ", "),
      absl::StrJoin(growth_json, ", "), absl::StrJoin(anon_json, ", "),
      absl::StrJoin(minutes_json, ", "), absl::StrJoin(faults_json, ", "),
      f.cycles, f.invariant_failures,
      f.invariant_failures == 0 ? "true" : "false");
}

}  // namespace nanoinfluence::bench
