// Structured logs: one JSON object per line on stderr, so a log shipper or
// `jq` reads them without parsing free text.
//
//   LogLine("info", "call")
//       .Add("method", "/nanoinfluence.kpi.v1.KpiService/GetCampaignReport")
//       .Add("code", "OK")
//       .Add("latency_us", 812)
//       .Emit();
//
// prints {"ts":"2026-11-25T10:00:00.123456Z","level":"info","msg":"call",
// "method":"...","code":"OK","latency_us":812}.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace nanoinfluence {

class LogLine {
 public:
  // Starts a line with the current time, a level ("info", "warn", "error")
  // and a short message naming the event.
  LogLine(absl::string_view level, absl::string_view msg);

  LogLine& Add(absl::string_view key, absl::string_view value);
  LogLine& Add(absl::string_view key, const char* value);
  LogLine& Add(absl::string_view key, int64_t value);
  LogLine& Add(absl::string_view key, int value);
  LogLine& Add(absl::string_view key, double value);
  LogLine& Add(absl::string_view key, bool value);

  // Writes the line with a single write(2), so concurrent lines never
  // interleave. Safe to call from any thread.
  void Emit();

 private:
  void AddKey(absl::string_view key);
  std::string line_;
};

// `text` escaped as the body of a JSON string (quotes not included).
std::string JsonEscape(absl::string_view text);

}  // namespace nanoinfluence
