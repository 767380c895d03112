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

// Creates every kind's series at 0 (done when a database opens), so a rate
// is defined before the first error.
void InitDatabaseErrorSeries();

}  // namespace nanoinfluence::sql
