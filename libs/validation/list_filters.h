// Filter values of the List RPCs, checked and turned into SQL parameters.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_field.h"
#include "libs/sql/conditions.h"
#include "libs/sql/result_set.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "nanoinfluence/common/v1/types.pb.h"

namespace nanoinfluence::validation {

// Enum filter values: at most `max`, each defined and not UNSPECIFIED.
template <typename Enum>
absl::StatusOr<std::vector<sql::Value>> EnumValues(
    absl::string_view field, const google::protobuf::RepeatedField<int>& values,
    int max) {
  NANO_RETURN_IF_ERROR(CheckMaxSize(field, values.size(), max));
  std::vector<sql::Value> out;
  for (int i = 0; i < values.size(); ++i) {
    NANO_RETURN_IF_ERROR(
        CheckEnum(Indexed(field, i), static_cast<Enum>(values[i])));
    out.emplace_back(int64_t{values[i]});
  }
  return out;
}

// Country filter values: at most 250 ISO 3166-1 alpha-2 codes.
inline absl::StatusOr<std::vector<sql::Value>> CountryValues(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<std::string>& values) {
  NANO_RETURN_IF_ERROR(CheckMaxSize(field, values.size(), 250));
  std::vector<sql::Value> out;
  for (int i = 0; i < values.size(); ++i) {
    NANO_RETURN_IF_ERROR(CheckCountryCode(Indexed(field, i), values[i]));
    out.emplace_back(values[i]);
  }
  return out;
}

// A time range filter on `column` (Unix microseconds): start included, end
// excluded, either end optional; INVALID_ARGUMENT naming `field` otherwise.
inline absl::Status AddTimeRange(sql::Conditions& where,
                                 absl::string_view column,
                                 absl::string_view field,
                                 const common::v1::TimeRange& range) {
  NANO_RETURN_IF_ERROR(CheckTimeRange(field, range));
  if (range.has_start()) {
    where.Add(absl::StrCat(column, " >= ?"),
              {absl::ToUnixMicros(TimeOf(range.start()))});
  }
  if (range.has_end()) {
    where.Add(absl::StrCat(column, " < ?"),
              {absl::ToUnixMicros(TimeOf(range.end()))});
  }
  return absl::OkStatus();
}

}  // namespace nanoinfluence::validation
