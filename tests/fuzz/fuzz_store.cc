#include "tests/fuzz/fuzz_store.h"

#include <filesystem>

#include "absl/container/flat_hash_map.h"
#include "libs/sql/sqlite_database.h"
#include "tests/fuzz/fuzz_oracle.h"

namespace nanoinfluence::fuzz {
namespace {

// One connection: the targets call from one thread, and each connection
// costs an open per input.
std::unique_ptr<sql::Database> Open(const std::string& path) {
  auto db =
      sql::OpenSqlite({.path = path, .pool_size = 1, .synchronous = "NORMAL"});
  if (!db.ok()) FailInvariant("fuzz store: " + db.status().ToString());
  return *std::move(db);
}

// The migrated template of `service`, made on first use. Closing the
// database checkpoints its log, so the one file holds the whole schema.
const std::string& TemplateOf(const std::string& service,
                              std::span<const sql::Migration> migrations) {
  static testing::TempDir templates;
  static absl::flat_hash_map<std::string, std::string> paths;
  auto [it, added] = paths.try_emplace(service);
  if (added) {
    it->second = templates.File(service + ".db");
    auto db = Open(it->second);
    auto version = sql::ApplyMigrations(*db, migrations);
    if (!version.ok()) {
      FailInvariant("fuzz store migrations: " + version.status().ToString());
    }
  }
  return it->second;
}

}  // namespace

FuzzStore::FuzzStore(const std::string& service,
                     std::span<const sql::Migration> migrations) {
  const std::string path = dir_.File(service + ".db");
  std::filesystem::copy_file(TemplateOf(service, migrations), path);
  db_ = Open(path);
}

}  // namespace nanoinfluence::fuzz
