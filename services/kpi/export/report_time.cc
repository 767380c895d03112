#include "services/kpi/export/report_time.h"

#include "absl/strings/ascii.h"

namespace nanoinfluence::kpi {

std::string FormatRfc3339(const google::protobuf::Timestamp& stamp) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", ToAbslTime(stamp),
                          absl::UTCTimeZone());
}

// %e pads single-digit days with a space; a heading reads better without.
std::string FormatReadableTime(const google::protobuf::Timestamp& stamp) {
  return std::string(absl::StripLeadingAsciiWhitespace(absl::FormatTime(
      "%e %b %Y, %H:%M UTC", ToAbslTime(stamp), absl::UTCTimeZone())));
}

std::string FormatReadableDay(const google::protobuf::Timestamp& stamp) {
  return std::string(absl::StripLeadingAsciiWhitespace(
      absl::FormatTime("%e %b %Y", ToAbslTime(stamp), absl::UTCTimeZone())));
}

}  // namespace nanoinfluence::kpi
