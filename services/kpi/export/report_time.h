// Times of a report as the export files show them, always in UTC: the files
// are read far from the server and a brand's offices span time zones.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace nanoinfluence::kpi {

// An unset Timestamp is the Unix epoch, as proto3 defines.
inline absl::Time ToAbslTime(const google::protobuf::Timestamp& stamp) {
  return absl::FromUnixSeconds(stamp.seconds()) +
         absl::Nanoseconds(stamp.nanos());
}

// RFC 3339 with a "Z", fractional seconds only when present:
// "2024-01-31T09:30:00Z". For machine-read files (CSV).
std::string FormatRfc3339(const google::protobuf::Timestamp& stamp);

// "31 Jan 2024, 09:30 UTC", for people (HTML).
std::string FormatReadableTime(const google::protobuf::Timestamp& stamp);

// "31 Jan 2024".
std::string FormatReadableDay(const google::protobuf::Timestamp& stamp);

}  // namespace nanoinfluence::kpi
