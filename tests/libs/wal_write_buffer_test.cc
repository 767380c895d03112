// The VFS that gathers a commit's log frames (libs/sql/wal_write_buffer.h)
// against real files: another connection reads every commit at once, a
// savepoint rolled back after its pages went to the log leaves the rest,
// the log restarting after a checkpoint loses nothing, and the file stays
// whole.
#include "libs/sql/wal_write_buffer.h"

#include <sqlite3.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::sql {
namespace {

using ::nanoinfluence::testing::TempDir;

class WalWriteBufferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(WalWriteBufferVfs(), nullptr);
    writer_ = OpenConnection();
    reader_ = OpenConnection();
    Run(writer_, "CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT)");
  }
  void TearDown() override {
    sqlite3_close(writer_);
    sqlite3_close(reader_);
  }

  sqlite3* OpenConnection() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(dir_.File("test.db").c_str(), &db,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              WalWriteBufferVfs()),
              SQLITE_OK);
    // A small page cache, so big transactions spill pages to the log
    // before their commit.
    Run(db,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
        "PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=20");
    return db;
  }

  static void Run(sqlite3* db, const std::string& sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error),
              SQLITE_OK)
        << sql << ": " << (error != nullptr ? error : "");
  }

  static std::string One(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr),
              SQLITE_OK);
    std::string value;
    if (sqlite3_step(statement) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    return value;
  }

  // `count` rows of about 1 KB each, ids from `first`.
  static std::string InsertRows(int first, int count) {
    return absl::StrCat(
        "WITH RECURSIVE n(i) AS (SELECT ", first, " UNION ALL SELECT i + 1 ",
        "FROM n WHERE i < ", first + count - 1,
        ") INSERT INTO rows SELECT i, hex(randomblob(500)) FROM n");
  }

  TempDir dir_;
  sqlite3* writer_ = nullptr;
  sqlite3* reader_ = nullptr;
};

TEST_F(WalWriteBufferTest, AnotherConnectionReadsEachCommitAtOnce) {
  for (int commit = 0; commit < 50; ++commit) {
    // From one row (a frame or two) to a few hundred pages (past the
    // largest write, and spilled by the small cache).
    const int rows = commit % 2 == 0 ? 1 : 40 * commit;
    const int first = commit * 10'000;
    Run(writer_, absl::StrCat("BEGIN; ", InsertRows(first, rows), "; COMMIT"));
    EXPECT_EQ(One(reader_, absl::StrCat("SELECT COUNT(*) FROM rows WHERE id ",
                                        ">= ", first)),
              std::to_string(rows));
  }
  EXPECT_EQ(One(reader_, "PRAGMA integrity_check"), "ok");
}

TEST_F(WalWriteBufferTest, ASavepointRolledBackAfterItsPagesWentToTheLog) {
  Run(writer_, absl::StrCat("BEGIN; ", InsertRows(1, 100),
                            "; SAVEPOINT later; ", InsertRows(1'000, 2'000),
                            "; ROLLBACK TO later; RELEASE later; ",
                            InsertRows(5'000, 10), "; COMMIT"));
  EXPECT_EQ(One(reader_, "SELECT COUNT(*) FROM rows"), "110");
  EXPECT_EQ(One(reader_,
                "SELECT COUNT(*) FROM rows WHERE id >= 1000 AND "
                "id < 5000"),
            "0");
  EXPECT_EQ(One(reader_, "PRAGMA integrity_check"), "ok");
}

TEST_F(WalWriteBufferTest, TheLogRestartingAfterACheckpointLosesNothing) {
  for (int round = 0; round < 5; ++round) {
    Run(writer_,
        absl::StrCat("BEGIN; ", InsertRows(round * 1'000, 300), "; COMMIT"));
    // Every frame copied into the database: the next commit writes the
    // log from its start again.
    EXPECT_EQ(One(reader_, "PRAGMA wal_checkpoint(PASSIVE)"), "0");
    Run(writer_, absl::StrCat("BEGIN; ", InsertRows(round * 1'000 + 500, 3),
                              "; COMMIT"));
  }
  sqlite3_close(writer_);
  writer_ = OpenConnection();  // reads the log again, as after a crash
  EXPECT_EQ(One(writer_, "SELECT COUNT(*) FROM rows"), "1515");
  EXPECT_EQ(One(writer_, "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace nanoinfluence::sql
