#include "libs/log/json_log.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace nanoinfluence {

std::string JsonEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += c;
        }
    }
  }
  return out;
}

LogLine::LogLine(absl::string_view level, absl::string_view msg) {
  line_ = absl::StrCat("{\"ts\":\"",
                       absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(),
                                        absl::UTCTimeZone()),
                       "\",\"level\":\"", JsonEscape(level), "\",\"msg\":\"",
                       JsonEscape(msg), "\"");
}

void LogLine::AddKey(absl::string_view key) {
  absl::StrAppend(&line_, ",\"", JsonEscape(key), "\":");
}

LogLine& LogLine::Add(absl::string_view key, absl::string_view value) {
  AddKey(key);
  absl::StrAppend(&line_, "\"", JsonEscape(value), "\"");
  return *this;
}

LogLine& LogLine::Add(absl::string_view key, const char* value) {
  return Add(key, absl::string_view(value));
}

LogLine& LogLine::Add(absl::string_view key, int64_t value) {
  AddKey(key);
  absl::StrAppend(&line_, value);
  return *this;
}

LogLine& LogLine::Add(absl::string_view key, int value) {
  return Add(key, static_cast<int64_t>(value));
}

LogLine& LogLine::Add(absl::string_view key, double value) {
  AddKey(key);
  absl::StrAppend(&line_, value);
  return *this;
}

LogLine& LogLine::Add(absl::string_view key, bool value) {
  AddKey(key);
  line_ += value ? "true" : "false";
  return *this;
}

void LogLine::Emit() {
  line_ += "}\n";
  // One write keeps the line whole among other threads' lines; a short write
  // to stderr is not worth retrying for a log line.
  [[maybe_unused]] ssize_t written =
      write(STDERR_FILENO, line_.data(), line_.size());
}

}  // namespace nanoinfluence
