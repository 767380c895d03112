// Errors the database reported, counted by kind for the metrics endpoint
// (nanoinfluence_database_errors_total{kind}), the same kinds whatever the
// backend:
//
//   busy        no turn to write, or locked past the busy timeout
//   io          the file cannot be opened, read or written
//   unique      a unique key refused a row (often expected: a duplicate the
//               caller answers ALREADY_EXISTS)
//   constraint  a CHECK or foreign key refused a row
//   disk_full   no space left
//   corrupt     the file is damaged or not a database
//   bad_sql     the backend refused a statement (a programming error)
//   other       anything else
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nanoinfluence::sql {

enum class DatabaseErrorKind {
  kBusy,
  kIo,
  kUnique,
  kConstraint,
  kDiskFull,
  kCorrupt,
  kBadSql,
  kOther,
};

// Adds one error of `kind`. Lock-free.
void CountDatabaseError(DatabaseErrorKind kind);

// Counts an error of `kind` and returns it as callers see it: `code`, and
// "store: " with `words`, a few words that name no table, column or
// statement; `detail` (the statement, the engine's own message) goes to the
// server's log only (libs/status/log_detail.h).
absl::Status StoreError(DatabaseErrorKind kind, absl::StatusCode code,
                        absl::string_view words, absl::string_view detail);

// Creates every kind's series at 0 (done when a database opens), so a rate
// is defined before the first error.
void InitDatabaseErrorSeries();

}  // namespace nanoinfluence::sql
