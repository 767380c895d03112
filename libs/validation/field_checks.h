// Checks of request fields shared by every service. Each check names the
// field by its path in the request ("profile.email", "quotas[1].percent") in
// an INVALID_ARGUMENT, the error the contract promises for bad input:
//
//   NANO_ASSIGN_OR_RETURN(std::string name,
//       CleanText("profile.first_name", profile.first_name(), {1, 100}));
//   NANO_RETURN_IF_ERROR(CheckUuid("campaign_id", request.campaign_id()));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "nanoinfluence/common/v1/types.pb.h"

namespace nanoinfluence::validation {

// INVALID_ARGUMENT "<field>: <what>".
absl::Status InvalidField(absl::string_view field, absl::string_view what);

// "<field>[<index>]", the path of a repeated field's element.
std::string Indexed(absl::string_view field, int index);
// "<prefix>.<field>", or `field` alone when `prefix` is empty.
std::string Nested(absl::string_view prefix, absl::string_view field);

// How long a text field may be, in characters (Unicode code points).
struct TextLimits {
  int min_chars = 0;
  int max_chars = 0;
  // Line feeds and tabs allowed (descriptions, motivations); never other
  // control characters.
  bool multiline = false;
};

// Trims surrounding white space and checks the rest: valid UTF-8, no NUL,
// control, zero-width or bidirectional-override character, length within
// `limits`. Returns the trimmed text.
absl::StatusOr<std::string> CleanText(absl::string_view field,
                                      absl::string_view value,
                                      TextLimits limits);

// A UUID in its 36-character text form (any version, any case).
bool IsUuid(absl::string_view value);
// Required UUID: empty or malformed is INVALID_ARGUMENT.
absl::Status CheckUuid(absl::string_view field, absl::string_view value);
// Optional UUID: empty is fine, malformed is INVALID_ARGUMENT (a filter on a
// malformed id is bad input, not an object that is missing).
absl::Status CheckOptionalUuid(absl::string_view field,
                               absl::string_view value);

// A required list of 1..`max` UUIDs, each checked ("ambassador_ids[3]"),
// returned without duplicates in first-appearance order.
absl::StatusOr<std::vector<std::string>> DistinctUuids(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<std::string>& ids, int max);

// An idempotency key: 1..64 characters of letters, digits, "-", "_", ".",
// ":".
absl::Status CheckRequestId(absl::string_view value,
                            absl::string_view field = "request_id");

// A brand's id as its token's brand_id claim carries it: the identity
// provider's choice, not always a UUID. Everywhere the suite takes one (the
// token, an ops request naming a brand, an event) it is 1..64 letters,
// digits, "-", "_", ".", ":", the form of a request id.
absl::Status CheckBrandId(absl::string_view field, absl::string_view value);
// Optional: empty passes.
absl::Status CheckOptionalBrandId(absl::string_view field,
                                  absl::string_view value);

// ISO 3166-1 alpha-2, upper case.
bool IsCountryCode(absl::string_view value);
absl::Status CheckCountryCode(absl::string_view field, absl::string_view value);

// A postal code of `country_code`: 2..10 letters, digits, spaces and "-",
// with at least as many letters and digits as the country's codes have
// (5 for FR, 4 for BE, ...). Returns it upper-cased and trimmed.
absl::StatusOr<std::string> CleanPostalCode(absl::string_view field,
                                            absl::string_view value,
                                            absl::string_view country_code);
// The letters and digits of a postal code, upper case: the form postal-code
// prefixes are compared in.
std::string PostalCodeKey(absl::string_view postal_code);

// E.164: "+", then 8..15 digits, the first not 0.
absl::Status CheckPhone(absl::string_view field, absl::string_view value);

// A product SKU: 1..64 letters, digits, '.', '_' and '-'.
absl::Status CheckSku(absl::string_view field, absl::string_view sku);

// An HTTPS URL of at most `max_chars` characters with a host.
absl::Status CheckHttpsUrl(absl::string_view field, absl::string_view value,
                           int max_chars = 2048);

// The host of a URL CheckHttpsUrl accepted, lower case, without user
// information or port ("https://Shop.example:8443/x" -> "shop.example").
std::string UrlHost(absl::string_view url);

// A value of the enum that is defined and not the UNSPECIFIED zero.
absl::Status CheckEnum(absl::string_view field,
                       const google::protobuf::EnumDescriptor* descriptor,
                       int value);
template <typename Enum>
absl::Status CheckEnum(absl::string_view field, Enum value) {
  return CheckEnum(field, google::protobuf::GetEnumDescriptor<Enum>(),
                   static_cast<int>(value));
}

// A repeated field of at most `max` elements.
absl::Status CheckMaxSize(absl::string_view field, int size, int max);

// A timestamp protobuf accepts: years 1..9999, nanos 0..999,999,999.
absl::Status CheckTimestamp(absl::string_view field,
                            const google::protobuf::Timestamp& time);
// A time range whose set ends are valid timestamps, start before end.
absl::Status CheckTimeRange(absl::string_view field,
                            const common::v1::TimeRange& range);

// A real calendar day, year 1900..9999.
absl::Status CheckDate(absl::string_view field, const common::v1::Date& date);
// The day as yyyymmdd (20240131), which orders like the dates.
int32_t DateKey(const common::v1::Date& date);
// Today in UTC as yyyymmdd.
int32_t TodayKey();
// Whole years from the day `birth` (yyyymmdd) to the day `on`.
int AgeInYears(int32_t birth, int32_t on);

}  // namespace nanoinfluence::validation
