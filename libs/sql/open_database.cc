#include "libs/sql/open_database.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/sql/postgres_database.h"
#include "libs/sql/sqlite_database.h"

namespace nanoinfluence::sql {

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    const DatabaseConfig& config) {
  if (absl::StartsWith(config.url, "postgresql://") ||
      absl::StartsWith(config.url, "postgres://")) {
    if (config.service.empty()) {
      return absl::InvalidArgumentError("service: must not be empty");
    }
    // Each service in a schema of its own, so one database may hold all.
    return OpenPostgres({.url = config.url,
                         .schema = config.service,
                         .pool_size = config.pool_size});
  }
  SqliteOptions options;
  options.synchronous = config.sqlite_synchronous;
  options.pool_size = config.pool_size;
  if (absl::StartsWith(config.url, "sqlite:")) {
    options.path = config.url.substr(absl::string_view("sqlite:").size());
  } else if (!config.url.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("database url: \"", config.url,
                     "\" is neither sqlite:<path> nor postgresql://..."));
  } else {
    if (config.data_dir.empty()) {
      return absl::InvalidArgumentError("data dir: must not be empty");
    }
    if (config.service.empty()) {
      return absl::InvalidArgumentError("service: must not be empty");
    }
    std::error_code error;
    std::filesystem::create_directories(config.data_dir, error);
    if (error) {
      return absl::UnavailableError(absl::StrCat(
          "data dir ", config.data_dir, ": cannot create: ", error.message()));
    }
    options.path = absl::StrCat(config.data_dir, "/", config.service, ".db");
  }
  return OpenSqlite(options);
}

}  // namespace nanoinfluence::sql
