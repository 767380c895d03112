// Calendar days of the KPI contracts (kpi.v1.DateRange, common.v1.Date) and
// the day numbers the aggregates store (days since 1970-01-01, UTC).
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "nanoinfluence/common/v1/types.pb.h"
#include "nanoinfluence/kpi/v1/uplift.pb.h"

namespace nanoinfluence::kpi {

// INVALID_ARGUMENT naming `field` (".first_day", ".last_day") unless both
// ends are calendar dates, in order, at most `max_days` days apart
// (both ends included).
absl::Status CheckDateRange(absl::string_view field, const v1::DateRange& range,
                            int max_days = 366);

// Days since 1970-01-01 of a valid date, and back.
int64_t DayNumber(const common::v1::Date& date);
common::v1::Date DateOfDay(int64_t day);
// "YYYY-MM-DD".
std::string FormatDay(int64_t day);

}  // namespace nanoinfluence::kpi
