// absl::Time and google.protobuf.Timestamp, both ways, to the microsecond
// (the precision the database keeps).
#pragma once

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace nanoinfluence {

inline google::protobuf::Timestamp Stamp(absl::Time time) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(time));
}

inline absl::Time TimeOf(const google::protobuf::Timestamp& stamp) {
  return absl::FromUnixMicros(
      google::protobuf::util::TimeUtil::TimestampToMicroseconds(stamp));
}

}  // namespace nanoinfluence
