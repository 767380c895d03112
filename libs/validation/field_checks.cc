#include "libs/validation/field_checks.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::validation {
namespace {

// Decodes the code point at `text[*pos]` and advances `*pos`; -1 for bytes
// that are not well-formed UTF-8 (overlong forms, surrogates, > U+10FFFF).
int32_t NextCodePoint(absl::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) -> uint8_t {
    return static_cast<uint8_t>(text[i]);
  };
  const uint8_t lead = byte(*pos);
  int length;
  int32_t cp;
  int32_t min;
  if (lead < 0x80) {
    ++*pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (*pos + length > text.size()) return -1;
  for (int i = 1; i < length; ++i) {
    const uint8_t next = byte(*pos + i);
    if ((next & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  *pos += length;
  return cp;
}

// Characters that hide or reorder text: C0 and C1 controls, DEL, zero-width
// characters, bidirectional marks, embeddings, overrides and isolates.
bool IsHiddenCharacter(int32_t cp, bool multiline) {
  if (cp < 0x20) return !(multiline && (cp == '\n' || cp == '\t'));
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if (cp >= 0x200B && cp <= 0x200F) return true;  // zero-width, LRM, RLM
  if (cp >= 0x202A && cp <= 0x202E) return true;  // embeddings, overrides
  if (cp >= 0x2060 && cp <= 0x2064) return true;  // word joiner, invisibles
  if (cp >= 0x2066 && cp <= 0x2069) return true;  // isolates
  return cp == 0x061C || cp == 0xFEFF || cp == 0x00AD;
}

// Every ISO 3166-1 alpha-2 code in use.
constexpr char kCountryCodes[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI "
    "BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN "
    "CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK "
    "FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
    "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK "
    "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP "
    "NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF "
    "TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

// Letters and digits of the shortest postal code each country uses; other
// countries need 2.
const absl::flat_hash_map<std::string, int>& MinPostalCodeLengths() {
  static const auto* lengths = new absl::flat_hash_map<std::string, int>{
      {"AT", 4}, {"AU", 4}, {"BE", 4}, {"BR", 8}, {"CA", 6}, {"CH", 4},
      {"CN", 6}, {"CZ", 5}, {"DE", 5}, {"DK", 4}, {"ES", 5}, {"FI", 5},
      {"FR", 5}, {"GB", 5}, {"GR", 5}, {"HU", 4}, {"IE", 3}, {"IN", 6},
      {"IT", 5}, {"JP", 7}, {"LU", 4}, {"MC", 5}, {"MX", 5}, {"NL", 4},
      {"NO", 4}, {"PL", 5}, {"PT", 4}, {"RO", 6}, {"RU", 6}, {"SE", 5},
      {"US", 5}};
  return *lengths;
}

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

}  // namespace

absl::Status InvalidField(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

std::string Indexed(absl::string_view field, int index) {
  return absl::StrCat(field, "[", index, "]");
}

std::string Nested(absl::string_view prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

absl::StatusOr<std::string> CleanText(absl::string_view field,
                                      absl::string_view value,
                                      TextLimits limits) {
  size_t pos = 0;
  int chars = 0;
  while (pos < value.size()) {
    const int32_t cp = NextCodePoint(value, &pos);
    if (cp < 0) return InvalidField(field, "not valid UTF-8");
    if (IsHiddenCharacter(cp, limits.multiline)) {
      return InvalidField(
          field, absl::StrCat("must not contain the control or invisible "
                              "character U+",
                              absl::Hex(cp, absl::kZeroPad4)));
    }
    ++chars;
  }
  const absl::string_view trimmed = absl::StripAsciiWhitespace(value);
  const int trimmed_chars =
      chars - static_cast<int>(value.size() - trimmed.size());
  if (trimmed_chars < limits.min_chars) {
    return InvalidField(field, limits.min_chars == 1
                                   ? std::string("required")
                                   : absl::StrCat("at least ", limits.min_chars,
                                                  " characters"));
  }
  if (trimmed_chars > limits.max_chars) {
    return InvalidField(
        field, absl::StrCat("at most ", limits.max_chars, " characters (",
                            trimmed_chars, ")"));
  }
  return std::string(trimmed);
}

bool IsUuid(absl::string_view value) {
  if (value.size() != 36) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? value[i] != '-' : !absl::ascii_isxdigit(value[i])) return false;
  }
  return true;
}

absl::Status CheckUuid(absl::string_view field, absl::string_view value) {
  if (value.empty()) return InvalidField(field, "required");
  if (!IsUuid(value)) return InvalidField(field, "not a UUID");
  return absl::OkStatus();
}

absl::Status CheckOptionalUuid(absl::string_view field,
                               absl::string_view value) {
  return value.empty() ? absl::OkStatus() : CheckUuid(field, value);
}

absl::StatusOr<std::vector<std::string>> DistinctUuids(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<std::string>& ids, int max) {
  if (ids.empty()) return InvalidField(field, "required");
  NANO_RETURN_IF_ERROR(CheckMaxSize(field, ids.size(), max));
  std::vector<std::string> distinct;
  absl::flat_hash_set<absl::string_view> seen;
  for (int i = 0; i < ids.size(); ++i) {
    NANO_RETURN_IF_ERROR(CheckUuid(Indexed(field, i), ids[i]));
    if (seen.insert(ids[i]).second) distinct.push_back(ids[i]);
  }
  return distinct;
}

absl::Status CheckRequestId(absl::string_view value, absl::string_view field) {
  if (value.empty()) return InvalidField(field, "required");
  if (value.size() > 64) return InvalidField(field, "at most 64 characters");
  for (char c : value) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.' &&
        c != ':') {
      return InvalidField(field,
                          "only letters, digits, \"-\", \"_\", \".\", \":\"");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckBrandId(absl::string_view field, absl::string_view value) {
  return CheckRequestId(value, field);
}

absl::Status CheckOptionalBrandId(absl::string_view field,
                                  absl::string_view value) {
  return value.empty() ? absl::OkStatus() : CheckBrandId(field, value);
}

bool IsCountryCode(absl::string_view value) {
  static const auto* codes = [] {
    auto* set = new absl::flat_hash_set<std::string>();
    for (absl::string_view code : absl::StrSplit(kCountryCodes, ' ')) {
      set->insert(std::string(code));
    }
    return set;
  }();
  return value.size() == 2 && codes->contains(value);
}

absl::Status CheckCountryCode(absl::string_view field,
                              absl::string_view value) {
  if (value.empty()) return InvalidField(field, "required");
  if (!IsCountryCode(value)) {
    return InvalidField(field, "not an ISO 3166-1 alpha-2 code (e.g. \"FR\")");
  }
  return absl::OkStatus();
}

std::string PostalCodeKey(absl::string_view postal_code) {
  std::string key;
  for (char c : postal_code) {
    if (absl::ascii_isalnum(c)) key.push_back(absl::ascii_toupper(c));
  }
  return key;
}

absl::StatusOr<std::string> CleanPostalCode(absl::string_view field,
                                            absl::string_view value,
                                            absl::string_view country_code) {
  const std::string code =
      absl::AsciiStrToUpper(absl::StripAsciiWhitespace(value));
  if (code.empty()) return InvalidField(field, "required");
  if (code.size() < 2 || code.size() > 10) {
    return InvalidField(field, "2..10 characters");
  }
  for (char c : code) {
    if (!absl::ascii_isalnum(c) && c != ' ' && c != '-') {
      return InvalidField(field, "only letters, digits, spaces and \"-\"");
    }
  }
  const auto& lengths = MinPostalCodeLengths();
  const auto it = lengths.find(country_code);
  const int min = it == lengths.end() ? 2 : it->second;
  if (static_cast<int>(PostalCodeKey(code).size()) < min) {
    return InvalidField(
        field, absl::StrCat("too short for ", country_code, " (at least ", min,
                            " letters and digits)"));
  }
  return code;
}

absl::Status CheckPhone(absl::string_view field, absl::string_view value) {
  const bool digits_ok = value.size() >= 9 && value.size() <= 16 &&
                         value[0] == '+' && value[1] != '0';
  if (!digits_ok) {
    return InvalidField(field, "not an E.164 number (e.g. \"+33612345678\")");
  }
  for (char c : value.substr(1)) {
    if (!absl::ascii_isdigit(c)) {
      return InvalidField(field, "not an E.164 number (e.g. \"+33612345678\")");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSku(absl::string_view field, absl::string_view sku) {
  if (sku.empty()) return InvalidField(field, "required");
  if (sku.size() > 64) return InvalidField(field, "at most 64 characters");
  for (char c : sku) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != '-') {
      return InvalidField(field, "only letters, digits, '.', '_' and '-'");
    }
  }
  return absl::OkStatus();
}

std::string UrlHost(absl::string_view url) {
  absl::string_view rest =
      url.substr(std::min(url.size(), sizeof("https://") - 1));
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != absl::string_view::npos) {
    rest = rest.substr(at + 1);
  }
  if (const size_t colon = rest.rfind(':');
      colon != absl::string_view::npos &&
      rest.find(']') == absl::string_view::npos) {
    rest = rest.substr(0, colon);
  }
  return absl::AsciiStrToLower(rest);
}

absl::Status CheckHttpsUrl(absl::string_view field, absl::string_view value,
                           int max_chars) {
  if (static_cast<int>(value.size()) > max_chars) {
    return InvalidField(field, absl::StrCat("at most ", max_chars, " bytes"));
  }
  constexpr absl::string_view kScheme = "https://";
  if (!absl::StartsWithIgnoreCase(value, kScheme) ||
      value.size() == kScheme.size() || value[kScheme.size()] == '/') {
    return InvalidField(field, "not an https:// URL with a host");
  }
  for (char c : value) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
      return InvalidField(field, "must not contain spaces or controls");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckEnum(absl::string_view field,
                       const google::protobuf::EnumDescriptor* descriptor,
                       int value) {
  if (value == 0) return InvalidField(field, "required");
  if (descriptor->FindValueByNumber(value) == nullptr) {
    return InvalidField(field, absl::StrCat("unknown value ", value));
  }
  return absl::OkStatus();
}

absl::Status CheckMaxSize(absl::string_view field, int size, int max) {
  if (size > max) {
    return InvalidField(field,
                        absl::StrCat("at most ", max, " entries (", size, ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckTimestamp(absl::string_view field,
                            const google::protobuf::Timestamp& time) {
  constexpr int64_t kMinSeconds = -62135596800;  // 0001-01-01
  constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31
  if (time.seconds() < kMinSeconds || time.seconds() > kMaxSeconds ||
      time.nanos() < 0 || time.nanos() > 999999999) {
    return InvalidField(field, "not a valid timestamp");
  }
  return absl::OkStatus();
}

absl::Status CheckTimeRange(absl::string_view field,
                            const common::v1::TimeRange& range) {
  if (range.has_start()) {
    NANO_RETURN_IF_ERROR(CheckTimestamp(Nested(field, "start"), range.start()));
  }
  if (range.has_end()) {
    NANO_RETURN_IF_ERROR(CheckTimestamp(Nested(field, "end"), range.end()));
  }
  if (range.has_start() && range.has_end() &&
      (range.end().seconds() < range.start().seconds() ||
       (range.end().seconds() == range.start().seconds() &&
        range.end().nanos() <= range.start().nanos()))) {
    return InvalidField(Nested(field, "end"), "must be after the start");
  }
  return absl::OkStatus();
}

absl::Status CheckDate(absl::string_view field, const common::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return InvalidField(field, "required");
  }
  if (date.year() < 1900 || date.year() > 9999 || date.month() < 1 ||
      date.month() > 12 || date.day() < 1 ||
      date.day() > DaysInMonth(date.year(), date.month())) {
    return InvalidField(field, "not a calendar date");
  }
  return absl::OkStatus();
}

int32_t DateKey(const common::v1::Date& date) {
  return date.year() * 10000 + date.month() * 100 + date.day();
}

int32_t TodayKey() {
  const absl::CivilDay today =
      absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  return static_cast<int32_t>(today.year() * 10000 + today.month() * 100 +
                              today.day());
}

int AgeInYears(int32_t birth, int32_t on) {
  // Whole years: the year difference, less one before the birthday.
  const int years = on / 10000 - birth / 10000;
  return on % 10000 < birth % 10000 ? years - 1 : years;
}

}  // namespace nanoinfluence::validation
