#include "libs/sql/database_errors.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "libs/metrics/registry.h"
#include "libs/status/log_detail.h"

namespace nanoinfluence::sql {
namespace {

constexpr std::array<const char*, 8> kKindNames = {
    "busy",      "io",      "unique",  "constraint",
    "disk_full", "corrupt", "bad_sql", "other"};

std::array<metrics::Counter*, kKindNames.size()>& Series() {
  static auto* const series = [] {
    auto& family = metrics::DefaultRegistry().AddCounter(
        "nanoinfluence_database_errors_total",
        "Errors the database reported, by kind.", {"kind"});
    auto* counters = new std::array<metrics::Counter*, kKindNames.size()>();
    for (size_t i = 0; i < kKindNames.size(); ++i) {
      (*counters)[i] = &family.WithLabels({kKindNames[i]});
    }
    return counters;
  }();
  return *series;
}

}  // namespace

void CountDatabaseError(DatabaseErrorKind kind) {
  Series()[static_cast<size_t>(kind)]->Increment();
}

absl::Status StoreError(DatabaseErrorKind kind, absl::StatusCode code,
                        absl::string_view words, absl::string_view detail) {
  CountDatabaseError(kind);
  return WithLogDetail(absl::Status(code, absl::StrCat("store: ", words)),
                       detail);
}

void InitDatabaseErrorSeries() { Series(); }

}  // namespace nanoinfluence::sql
