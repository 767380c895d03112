#include "services/kpi/date_range.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::kpi {
namespace {

const absl::CivilDay kEpoch(1970, 1, 1);

}  // namespace

absl::Status CheckDateRange(absl::string_view field, const v1::DateRange& range,
                            int max_days) {
  if (!range.has_first_day() && !range.has_last_day()) {
    return validation::InvalidField(field, "required");
  }
  const std::string first = absl::StrCat(field, ".first_day");
  const std::string last = absl::StrCat(field, ".last_day");
  NANO_RETURN_IF_ERROR(validation::CheckDate(first, range.first_day()));
  NANO_RETURN_IF_ERROR(validation::CheckDate(last, range.last_day()));
  const int64_t days =
      DayNumber(range.last_day()) - DayNumber(range.first_day()) + 1;
  if (days < 1) {
    return validation::InvalidField(last, "must not be before first_day");
  }
  if (days > max_days) {
    return validation::InvalidField(
        field, absl::StrCat("spans ", days, " days, at most ", max_days));
  }
  return absl::OkStatus();
}

int64_t DayNumber(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day()) - kEpoch;
}

common::v1::Date DateOfDay(int64_t day) {
  const absl::CivilDay civil = kEpoch + day;
  common::v1::Date date;
  date.set_year(static_cast<int32_t>(civil.year()));
  date.set_month(civil.month());
  date.set_day(civil.day());
  return date;
}

std::string FormatDay(int64_t day) {
  const absl::CivilDay civil = kEpoch + day;
  return absl::StrFormat("%04d-%02d-%02d", civil.year(), civil.month(),
                         civil.day());
}

}  // namespace nanoinfluence::kpi
