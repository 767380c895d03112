// The database a test stores into: SQLite in the test's temporary folder,
// or, in the `postgres.` variant of a test (NANO_TEST_BACKEND=postgresql,
// label postgres), a fresh database on the server the ctest fixture
// `postgres` started (tests/harness/test-postgres). Store tests open their
// database through it, so one test body covers both backends.
//
//   auto url = TestDatabaseUrl(dir_, "kpi");
//   auto db = sql::OpenDatabase({.url = *url, .service = "kpi"});
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::testing {

// Whether this run stores into PostgreSQL.
bool OnPostgres();

// "sqlite:<dir>/<name>.db", or the URL of a PostgreSQL database named after
// the folder and the name, created empty the first time: a server restarted
// on the same folder finds its data again. UNAVAILABLE when the fixture's
// server is not running.
absl::StatusOr<std::string> TestDatabaseUrl(const std::string& dir,
                                            const std::string& name);
inline absl::StatusOr<std::string> TestDatabaseUrl(const TempDir& dir,
                                                   const std::string& name) {
  return TestDatabaseUrl(dir.path(), name);
}

// The first column of the first row `sql` returns from the database of
// service `name` whose data dir is `dir`, read beside the running service;
// -1 when it cannot be read.
int64_t QueryTestDatabase(const std::string& dir, const std::string& name,
                          const std::string& sql);
// Runs `script` (statements without parameters) in one write transaction on
// that database, as a migration would.
absl::Status ExecuteTestDatabase(const std::string& dir,
                                 const std::string& name,
                                 const std::string& script);

// The number of rows of every table of the database of service `name`, by
// table name: a cheap fingerprint that a refused call left unchanged (every
// table, so a new one is included without a list to keep). Empty when it
// cannot be read.
std::map<std::string, int64_t> TestDatabaseRowCounts(const std::string& dir,
                                                     const std::string& name);

// What the database of service `name` still holds, for erasure checks:
// SQLite's files byte for byte (with any deleted content not overwritten),
// or on PostgreSQL the text of every row of every table of the service's
// schema, BYTEA values also decoded (what SQL can read; the pages of deleted
// rows are PostgreSQL's to
// reclaim: docs/security.md). "<unreadable>" when it cannot be read.
std::string TestDatabaseContents(const std::string& dir,
                                 const std::string& name);

}  // namespace nanoinfluence::testing
