#include "libs/sql/migrations.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/status/log_detail.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::sql {
namespace {

constexpr absl::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

absl::Status CheckNumbering(std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i + 1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "migration \"", migrations[i].name, "\": version ",
          migrations[i].version, " where ", i + 1, " was expected"));
    }
  }
  return absl::OkStatus();
}

absl::Status CreateHistoryTable(Database& db) {
  return db.Transact(TxMode::kWrite, [](Connection& c) {
    return c.ExecuteScript(kCreateTable);
  });
}

// Whether another replica recorded `version` meanwhile. Two replicas
// starting at once on PostgreSQL both run the migration; the one that
// loses fails on the other's tables, and then finds it recorded.
bool AppliedElsewhere(Database& db, int version) {
  absl::StatusOr<ResultSet> done = db.Query(
      "SELECT 1 FROM schema_migrations WHERE version = ?", {int64_t{version}});
  return done.ok() && !done->rows.empty();
}

}  // namespace

absl::StatusOr<int> SchemaVersion(Database& db) {
  NANO_RETURN_IF_ERROR(CreateHistoryTable(db));
  NANO_ASSIGN_OR_RETURN(ResultSet count,
                        db.Query("SELECT COUNT(*) FROM schema_migrations"));
  return static_cast<int>(count.rows.at(0).Int(0));
}

absl::StatusOr<int> ApplyMigrations(Database& db,
                                    std::span<const Migration> migrations) {
  NANO_RETURN_IF_ERROR(CheckNumbering(migrations));
  NANO_RETURN_IF_ERROR(CreateHistoryTable(db));
  NANO_ASSIGN_OR_RETURN(
      ResultSet applied,
      db.Query("SELECT version, name FROM schema_migrations ORDER BY version"));
  for (size_t i = 0; i < applied.rows.size(); ++i) {
    const Row& row = applied.rows[i];
    const int64_t version = row.Int(0);
    if (version != static_cast<int64_t>(i + 1)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "schema_migrations records version ", version, " where ", i + 1,
          " was expected: the history was altered by hand"));
    }
    if (version > static_cast<int64_t>(migrations.size())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "database schema is at version ", version, " but this build knows ",
          migrations.size(), ": it was migrated by a newer build"));
    }
    if (row.Text(1) != migrations[version - 1].name) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", version, " was applied as \"", row.Text(1),
          "\" but this build calls it \"", migrations[version - 1].name, "\""));
    }
  }
  int current = static_cast<int>(applied.rows.size());
  for (size_t i = current; i < migrations.size(); ++i) {
    const Migration& m = migrations[i];
    absl::Status status = db.Transact(TxMode::kWrite, [&](Connection& c) {
      // Re-check inside the write lock: another replica may have applied it.
      NANO_ASSIGN_OR_RETURN(
          ResultSet done,
          c.Query("SELECT 1 FROM schema_migrations WHERE version = ?",
                  {int64_t{m.version}}));
      if (!done.rows.empty()) return absl::OkStatus();
      NANO_RETURN_IF_ERROR(c.ExecuteScript(m.sql));
      return c
          .Execute(
              "INSERT INTO schema_migrations (version, name, applied_at) "
              "VALUES (?, ?, ?)",
              {int64_t{m.version}, std::string(m.name),
               absl::FormatTime(absl::RFC3339_full, absl::Now(),
                                absl::UTCTimeZone())})
          .status();
    });
    if (!status.ok() && AppliedElsewhere(db, m.version)) {
      status = absl::OkStatus();
    }
    if (!status.ok()) {
      // At start, to the operator: the store's detail says what failed.
      const std::string detail = LogDetailOf(status);
      return absl::Status(
          status.code(),
          absl::StrCat("migration ", m.version, " \"", m.name,
                       "\": ", status.message(),
                       detail.empty() ? "" : absl::StrCat(" (", detail, ")")));
    }
    current = m.version;
  }
  return current;
}

}  // namespace nanoinfluence::sql
