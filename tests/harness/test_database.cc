#include "tests/harness/test_database.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/sql/open_database.h"
#include "libs/status/status_macros.h"

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

// The bytes of every BYTEA in `text` (PostgreSQL writes them as \x and hex
// digits), so that a string stored inside a serialized message shows.
std::string DecodedByteas(absl::string_view text) {
  std::string bytes;
  for (size_t at = text.find("\\x"); at != absl::string_view::npos;
       at = text.find("\\x", at)) {
    at += 2;
    while (at + 1 < text.size() && absl::ascii_isxdigit(text[at]) &&
           absl::ascii_isxdigit(text[at + 1])) {
      bytes.push_back(static_cast<char>(
          std::stoi(std::string(text.substr(at, 2)), nullptr, 16)));
      at += 2;
    }
  }
  return bytes;
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

absl::Status ExecuteTestDatabase(const std::string& dir,
                                 const std::string& name,
                                 const std::string& script) {
  NANO_ASSIGN_OR_RETURN(const std::string url, TestDatabaseUrl(dir, name));
  NANO_ASSIGN_OR_RETURN(
      auto db,
      sql::OpenDatabase({.url = url, .data_dir = "", .service = name}));
  return db->Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
    return tx.ExecuteScript(script);
  });
}

std::map<std::string, int64_t> TestDatabaseRowCounts(const std::string& dir,
                                                     const std::string& name) {
  absl::StatusOr<std::string> url = TestDatabaseUrl(dir, name);
  if (!url.ok()) return {};
  auto db = sql::OpenDatabase({.url = *url, .data_dir = "", .service = name});
  if (!db.ok()) return {};
  absl::StatusOr<sql::ResultSet> tables = (*db)->Query(
      OnPostgres() ? "SELECT table_name FROM information_schema.tables "
                     "WHERE table_schema = current_schema()"
                   : "SELECT name FROM sqlite_master WHERE type = 'table'");
  if (!tables.ok()) return {};
  std::map<std::string, int64_t> counts;
  for (const sql::Row& table : tables->rows) {
    absl::StatusOr<sql::ResultSet> rows = (*db)->Query(
        absl::StrCat("SELECT COUNT(*) FROM \"", table.Text(0), "\""));
    if (!rows.ok() || rows->rows.empty()) return {};
    counts[table.Text(0)] = rows->rows[0].Int(0);
  }
  return counts;
}

std::string TestDatabaseContents(const std::string& dir,
                                 const std::string& name) {
  std::string contents;
  if (!OnPostgres()) {
    for (const char* suffix : {".db", ".db-wal"}) {
      std::ifstream file(absl::StrCat(dir, "/", name, suffix),
                         std::ios::binary);
      contents.append(std::istreambuf_iterator<char>(file), {});
    }
    return contents;
  }
  absl::StatusOr<std::string> url = TestDatabaseUrl(dir, name);
  if (!url.ok()) return "<unreadable>";
  auto db = sql::OpenDatabase({.url = *url, .data_dir = "", .service = name});
  if (!db.ok()) return "<unreadable>";
  absl::StatusOr<sql::ResultSet> tables = (*db)->Query(
      "SELECT table_name FROM information_schema.tables "
      "WHERE table_schema = current_schema()");
  if (!tables.ok()) return "<unreadable>";
  for (const sql::Row& table : tables->rows) {
    absl::StatusOr<sql::ResultSet> rows = (*db)->Query(
        absl::StrCat("SELECT COALESCE(string_agg(t::text, ' '), '') FROM \"",
                     table.Text(0), "\" t"));
    if (!rows.ok()) return "<unreadable>";
    contents += rows->rows.at(0).Text(0);
  }
  return contents + DecodedByteas(contents);
}

}  // namespace nanoinfluence::testing
