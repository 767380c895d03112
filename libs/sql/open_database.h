// Opens a service's database from its configuration: the embedded SQLite file
// under the data directory by default, or a connection URL.
//
//   NANO_ASSIGN_OR_RETURN(auto db, OpenDatabase({.url = flag_database_url,
//       .data_dir = flag_data_dir, .service = "recruitment"}));
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/sql/database.h"

namespace nanoinfluence::sql {

struct DatabaseConfig {
  // Empty: SQLite at <data_dir>/<service>.db. "sqlite:<path>": that file.
  // "postgresql://..." (or "postgres://..."): the PostgreSQL backend, the
  // service's tables in a schema named after it (postgres_database.h).
  std::string url;
  // Folder holding the service's SQLite file; created when missing.
  std::string data_dir;
  // The service's name, used for the file name or the schema.
  std::string service;
  // "FULL" or "NORMAL"; see SqliteOptions.
  std::string sqlite_synchronous = "FULL";
  // Connections the process keeps open, 1..64: reads run on them at once,
  // writes take turns on one of them (SqliteOptions, PostgresOptions).
  int pool_size = 4;
};

// INVALID_ARGUMENT naming the setting for a malformed configuration;
// UNAVAILABLE when the database cannot be opened.
absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    const DatabaseConfig& config);

}  // namespace nanoinfluence::sql
