// absl::Time and google.protobuf.Timestamp, both ways, to the microsecond
// (the precision the database keeps), and as database columns.
#pragma once

#include <optional>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"
#include "libs/sql/result_set.h"

namespace nanoinfluence {

inline google::protobuf::Timestamp Stamp(absl::Time time) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(time));
}

inline absl::Time TimeOf(const google::protobuf::Timestamp& stamp) {
  return absl::FromUnixMicros(
      google::protobuf::util::TimeUtil::TimestampToMicroseconds(stamp));
}

// A Unix-microseconds column as a Timestamp; nullopt for NULL. Assign it
// only when set: calling mutable_x() alone would mark the field present.
//   if (auto t = TimestampColumn(row, 3)) *c.mutable_opened_at() = *t;
inline std::optional<google::protobuf::Timestamp> TimestampColumn(
    const sql::Row& row, size_t column) {
  if (row.IsNull(column)) return std::nullopt;
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      row.Int(column));
}

// The column value of an optional time: Unix microseconds, or NULL when
// the field is unset.
inline sql::Value MicrosOrNull(bool has,
                               const google::protobuf::Timestamp& time) {
  if (!has) return sql::kNull;
  return google::protobuf::util::TimeUtil::TimestampToMicroseconds(time);
}

}  // namespace nanoinfluence
