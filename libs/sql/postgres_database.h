// The PostgreSQL backend, on libpq (docs/postgres.md): a pool of
// connections, each service in its own schema, `?` placeholders numbered
// for the server, and the isolation each TxMode needs:
//
//   kRead   REPEATABLE READ, READ ONLY: one snapshot for the whole body, as
//           SQLite's read transaction gives; never blocks writers and never
//           fails for a conflict.
//   kWrite  SERIALIZABLE: the services' read-check-write bodies were written
//           for SQLite's single writer, and stay correct with several
//           replicas writing at once. A body the server aborts for a
//           conflict (40001) or a deadlock (40P01) runs again (up to
//           max_attempts runs) after a random pause of 1 ms to 2^attempt ms
//           (at most 64 ms). The writers of one process take
//           turns, as on SQLite, so conflicts come from other replicas only
//           and commit callbacks run in commit order.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/sql/database.h"

namespace nanoinfluence::sql {

struct PostgresOptions {
  // A libpq connection URI: postgresql://user:password@host:port/database.
  std::string url;
  // The schema holding the service's tables, created when missing; the
  // connections search it first. Several services may share one database.
  std::string schema;
  // Connections in the pool, opened when first needed.
  int pool_size = 4;
  // Runs of a write body the server aborted for a conflict, before the
  // call answers UNAVAILABLE.
  int max_attempts = 20;
};

// UNAVAILABLE when the server cannot be reached; INVALID_ARGUMENT for a bad
// option.
absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(
    const PostgresOptions& options);

}  // namespace nanoinfluence::sql
