// A fresh SQLite store of one service for each fuzz input, so that an input
// replays the same way alone and in a long run. The service's migrations run
// once per process into a template file; each store starts as a copy of it,
// so an input costs a file copy, not a schema build.
//
//   FuzzStore store("dispatch", dispatch::Migrations());
//   Dispatch core(store.db(), ...);
#pragma once

#include <memory>
#include <span>
#include <string>

#include "libs/sql/database.h"
#include "libs/sql/migrations.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::fuzz {

class FuzzStore {
 public:
  // Aborts when the store cannot be made: no input may pass untested.
  FuzzStore(const std::string& service,
            std::span<const sql::Migration> migrations);

  sql::Database& db() { return *db_; }

 private:
  testing::TempDir dir_;
  std::unique_ptr<sql::Database> db_;
};

}  // namespace nanoinfluence::fuzz
