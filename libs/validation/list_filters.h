// Filter values of the List RPCs, checked and turned into SQL parameters.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_field.h"
#include "libs/auth/caller.h"
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

// The brand filter of a List RPC: a brand caller sees its own brand only (a
// different `brand_id` is PERMISSION_DENIED); ops and services filter on the
// brand they name, if any; an ambassador may not name one.
inline absl::Status AddBrandFilter(sql::Conditions& where,
                                   const auth::Caller& caller,
                                   absl::string_view brand_id) {
  if (caller.role == common::v1::ROLE_BRAND) {
    if (!brand_id.empty() && brand_id != caller.brand_id) {
      return absl::PermissionDeniedError(
          "brand_id: a brand sees its own campaigns only");
    }
    where.Add("brand_id = ?", {caller.brand_id});
    return absl::OkStatus();
  }
  if (brand_id.empty()) return absl::OkStatus();
  if (caller.role == common::v1::ROLE_AMBASSADOR) {
    return absl::PermissionDeniedError(
        "brand_id: read for ops and services only");
  }
  NANO_RETURN_IF_ERROR(CheckBrandId("brand_id", brand_id));
  where.Add("brand_id = ?", {std::string(brand_id)});
  return absl::OkStatus();
}

}  // namespace nanoinfluence::validation
