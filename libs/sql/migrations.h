// Versioned schema migrations. Each service keeps its schema as files
// `services/<name>/migrations/NNNN_<what>.sql`, embedded into its binary at
// build time (cmake/NanoTargets.cmake: nano_embed_migrations), and applies
// them at start:
//
//   NANO_RETURN_IF_ERROR(ApplyMigrations(*db, recruitment::Migrations()));
//
// A migration runs once, in its own transaction, recorded in
// `schema_migrations`. Files are never edited once released: a change is a
// new file with the next number.
#pragma once

#include <span>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/sql/database.h"

namespace nanoinfluence::sql {

struct Migration {
  int version;             // NNNN from the file name; 1, 2, 3, ...
  absl::string_view name;  // <what> from the file name.
  absl::string_view sql;   // The file's statements.
};

// Applies the migrations newer than the database's version, in order, and
// returns the resulting version. FAILED_PRECONDITION when the database was
// migrated by a newer build (its version is unknown here) or a recorded
// migration's name differs from this build's (an edited history);
// INVALID_ARGUMENT when `migrations` are not numbered 1, 2, 3, ...
absl::StatusOr<int> ApplyMigrations(Database& db,
                                    std::span<const Migration> migrations);

// The number of migrations applied to the database so far (0 when fresh).
absl::StatusOr<int> SchemaVersion(Database& db);

}  // namespace nanoinfluence::sql
