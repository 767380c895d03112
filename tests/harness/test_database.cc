#include "tests/harness/test_database.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <functional>

#include "absl/strings/str_cat.h"
#include "libs/sql/open_database.h"

namespace nanoinfluence::testing {
namespace {

// The fixture's server: NANO_TEST_POSTGRES_URL, or the URL test-postgres
// wrote under the build folder.
absl::StatusOr<std::string> ServerUrl() {
  if (const char* url = std::getenv("NANO_TEST_POSTGRES_URL")) return url;
  const std::string file = absl::StrCat(NANO_BUILD_DIR, "/test-postgres/url");
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    return absl::UnavailableError(absl::StrCat(
        "no PostgreSQL test server (", file,
        " is missing): run through ctest, whose fixture `postgres` starts it"));
  }
  return url;
}

}  // namespace

bool OnPostgres() {
  const char* backend = std::getenv("NANO_TEST_BACKEND");
  return backend != nullptr && absl::string_view(backend) == "postgresql";
}

absl::StatusOr<std::string> TestDatabaseUrl(const std::string& dir,
                                            const std::string& name) {
  if (!OnPostgres()) return absl::StrCat("sqlite:", dir, "/", name, ".db");
  absl::StatusOr<std::string> server = ServerUrl();
  if (!server.ok()) return server.status();
  // Temporary folders are unique among the tests that run at once.
  const std::string database =
      absl::StrCat("t_", absl::Hex(std::hash<std::string>()(dir)), "_", name);
  PGconn* conn = PQconnectdb(server->c_str());
  absl::Status status;
  if (PQstatus(conn) != CONNECTION_OK) {
    status = absl::UnavailableError(
        absl::StrCat("PostgreSQL test server: ", PQerrorMessage(conn)));
  } else {
    PGresult* r =
        PQexec(conn, absl::StrCat("CREATE DATABASE ", database).c_str());
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const bool exists = state != nullptr && absl::string_view(state) == "42P04";
    if (PQresultStatus(r) != PGRES_COMMAND_OK && !exists) {
      status = absl::UnavailableError(
          absl::StrCat("create database: ", PQerrorMessage(conn)));
    }
    PQclear(r);
  }
  PQfinish(conn);
  if (!status.ok()) return status;
  absl::string_view base = *server;
  base = base.substr(0, base.rfind('/'));
  return absl::StrCat(base, "/", database);
}

int64_t QueryTestDatabase(const std::string& dir, const std::string& name,
                          const std::string& sql) {
  absl::StatusOr<std::string> url = TestDatabaseUrl(dir, name);
  if (!url.ok()) return -1;
  auto db = sql::OpenDatabase({.url = *url, .data_dir = "", .service = name});
  if (!db.ok()) return -1;
  absl::StatusOr<sql::ResultSet> result = (*db)->Query(sql);
  if (!result.ok() || result->rows.empty()) return -1;
  return result->rows[0].Int(0);
}

}  // namespace nanoinfluence::testing
