// The SQL layer against a real database, SQLite's file or (the `postgres.`
// variants) a PostgreSQL server: parameters and types, transactions, the
// error mapping database.h promises, durability settings, and concurrent
// writers, of one process or two, losing no update.
#include "libs/sql/sqlite_database.h"

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/sql/open_database.h"
#include "libs/status/log_detail.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_database.h"

namespace nanoinfluence::sql {
namespace {

using ::nanoinfluence::testing::OnPostgres;
using ::nanoinfluence::testing::TempDir;
using ::nanoinfluence::testing::TestDatabaseUrl;

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = TestDatabaseUrl(dir_, "test");
    ASSERT_TRUE(url.ok()) << url.status();
    url_ = *url;
    auto db = Open();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    ASSERT_TRUE(
        db_->Transact(TxMode::kWrite,
                      [](Connection& c) {
                        return c.ExecuteScript(
                            "CREATE TABLE items (id TEXT PRIMARY KEY,"
                            " units INTEGER NOT NULL CHECK (units >= 0),"
                            " price REAL, payload BLOB, note TEXT)");
                      })
            .ok());
  }

  int64_t CountItems() {
    auto rows = db_->Query("SELECT COUNT(*) FROM items");
    return rows.ok() ? rows->rows[0].Int(0) : -1;
  }

  // Another handle on the same database: a replica, or a restart.
  absl::StatusOr<std::unique_ptr<Database>> Open() {
    return OpenDatabase({.url = url_, .data_dir = "", .service = "test"});
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteDatabaseTest, BindsAndReadsEveryType) {
  const std::string binary("a\0b\xff", 4);
  ASSERT_TRUE(
      db_->Execute("INSERT INTO items VALUES (?, ?, ?, ?, ?)",
                   {std::string("sku-1"), int64_t{3}, 2.5, Blob{binary}, kNull})
          .ok());
  auto rs = db_->Query(
      "SELECT id, units, price, payload, note FROM items WHERE id = ?",
      {std::string("sku-1")});
  ASSERT_TRUE(rs.ok()) << rs.status();
  ASSERT_EQ(rs->rows.size(), 1u);
  const Row& row = rs->rows[0];
  EXPECT_EQ(rs->columns[1], "units");
  EXPECT_EQ(row.Text(0), "sku-1");
  EXPECT_EQ(row.Int(1), 3);
  EXPECT_DOUBLE_EQ(row.Real(2), 2.5);
  EXPECT_EQ(std::get<Blob>(row.at(3)).bytes, binary);
  EXPECT_TRUE(row.IsNull(4));
}

TEST_F(SqliteDatabaseTest, TextInAnIntegerColumnReadsAsZeroNotACrash) {
  if (OnPostgres()) GTEST_SKIP() << "PostgreSQL refuses text in a number";
  // SQLite's type affinity keeps text that is not a number as TEXT.
  ASSERT_TRUE(db_->Execute("CREATE TABLE loose (n INTEGER)").ok());
  ASSERT_TRUE(db_->Execute("INSERT INTO loose VALUES ('abc'), ('12')").ok());
  auto rs = db_->Query("SELECT n FROM loose ORDER BY rowid");
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(rs->rows[0].Int(0), 0);
  EXPECT_DOUBLE_EQ(rs->rows[0].Real(0), 0);
  EXPECT_EQ(rs->rows[1].Int(0), 12);
}

TEST_F(SqliteDatabaseTest, QueryEachHandsOverEveryRowInOrder) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(db_->Execute("INSERT INTO items (id, units, payload) VALUES "
                             "(?, ?, ?)",
                             {absl::StrCat("sku-", i), int64_t{i},
                              Blob{absl::StrCat("bytes-", i)}})
                    .ok());
  }
  std::vector<std::string> seen;
  absl::Status status = db_->Transact(TxMode::kRead, [&](Connection& c) {
    return c.QueryEach(
        "SELECT id, payload, units FROM items WHERE units >= ? ORDER BY id",
        {int64_t{2}}, [&](const Row& row) {
          seen.push_back(absl::StrCat(row.View(0), "/", row.View(1), "/",
                                      row.View(2).empty() ? "number" : "?"));
        });
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(seen, (std::vector<std::string>{"sku-2/bytes-2/number",
                                            "sku-3/bytes-3/number",
                                            "sku-4/bytes-4/number"}));
  // A bad statement is an error, as with Query, and hands over nothing.
  int rows = 0;
  status = db_->Transact(TxMode::kRead, [&](Connection& c) {
    return c.QueryEach("SELECT nope FROM items", {},
                       [&](const Row&) { ++rows; });
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(rows, 0);
}

TEST_F(SqliteDatabaseTest, ExecuteCountsChangedRows) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(db_->Execute("INSERT INTO items (id, units) VALUES (?, 5)",
                             {std::to_string(i)})
                    .ok());
  }
  auto changed = db_->Execute("UPDATE items SET units = units - 1");
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 3);
}

TEST_F(SqliteDatabaseTest, FailedBodyRollsBackEverything) {
  absl::Status status = db_->Transact(TxMode::kWrite, [](Connection& c) {
    auto inserted = c.Execute("INSERT INTO items (id, units) VALUES ('a', 1)");
    if (!inserted.ok()) return inserted.status();
    return absl::AbortedError("lost a race");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(CountItems(), 0);
}

TEST_F(SqliteDatabaseTest, MapsConstraintAndSqlErrors) {
  ASSERT_TRUE(
      db_->Execute("INSERT INTO items (id, units) VALUES ('a', 1)").ok());
  EXPECT_EQ(db_->Execute("INSERT INTO items (id, units) VALUES ('a', 1)")
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(db_->Execute("UPDATE items SET units = -1").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(db_->Query("SELEC nonsense").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db_->Query("SELECT * FROM items WHERE id = ?").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CountItems(), 1);
}

// A caller sees the kind of failure; the statement and SQLite's own
// message, which name the table and column, are for the log.
TEST_F(SqliteDatabaseTest, ErrorsNameNoTableOrStatementOutsideTheLogDetail) {
  ASSERT_TRUE(
      db_->Execute("INSERT INTO items (id, units) VALUES ('a', 1)").ok());
  const absl::Status duplicate =
      db_->Execute("INSERT INTO items (id, units) VALUES ('a', 1)").status();
  EXPECT_TRUE(absl::StartsWith(duplicate.message(), "store: "))
      << duplicate.message();
  EXPECT_EQ(duplicate.message().find("items"), absl::string_view::npos);
  EXPECT_NE(LogDetailOf(duplicate).find("items"), std::string::npos);
  const absl::Status bad = db_->Query("SELECT nope FROM items").status();
  EXPECT_EQ(bad.message().find("nope"), absl::string_view::npos);
  EXPECT_EQ(bad.message().find("items"), absl::string_view::npos);
  EXPECT_NE(LogDetailOf(bad).find("SELECT nope FROM items"), std::string::npos);
}

TEST_F(SqliteDatabaseTest, UsesWalFullSyncAndJournalsInMemory) {
  if (OnPostgres()) GTEST_SKIP() << "SQLite's settings";
  auto mode = db_->Query("PRAGMA journal_mode");
  auto sync = db_->Query("PRAGMA synchronous");
  ASSERT_TRUE(mode.ok() && sync.ok());
  EXPECT_EQ(mode->rows[0].Text(0), "wal");
  EXPECT_EQ(sync->rows[0].Int(0), 2);  // 2 = FULL
  // Savepoint journals in memory, not in a temporary file.
  auto temp_store = db_->Query("PRAGMA temp_store");
  ASSERT_TRUE(temp_store.ok());
  EXPECT_EQ(temp_store->rows[0].Int(0), 2);  // 2 = MEMORY
}

// Adds 1 to the counter row, reading then writing in one transaction: a
// lost update would show.
absl::Status Increment(Database& db) {
  return db.Transact(TxMode::kWrite, [](Connection& c) {
    auto rs = c.Query("SELECT units FROM items WHERE id = 'counter'");
    if (!rs.ok()) return rs.status();
    return c
        .Execute("UPDATE items SET units = ? WHERE id = 'counter'",
                 {rs->rows[0].Int(0) + 1})
        .status();
  });
}

TEST_F(SqliteDatabaseTest, ConcurrentWritersLoseNoUpdate) {
  ASSERT_TRUE(
      db_->Execute("INSERT INTO items (id, units) VALUES ('counter', 0)").ok());
  constexpr int kThreads = 8;
  constexpr int kIncrements = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        absl::Status status = Increment(*db_);
        EXPECT_TRUE(status.ok()) << status;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto rs = db_->Query("SELECT units FROM items WHERE id = 'counter'");
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(rs->rows[0].Int(0), kThreads * kIncrements);
}

// Under writes that never pause the background checkpoint is always
// behind, and SQLite starts the log again only when a write begins with all
// of it copied: past its limit a write turn copies the rest first, so the
// log file stays near the limit instead of holding every write since the
// last pause.
TEST_F(SqliteDatabaseTest, TheLogStaysBoundedUnderWritesThatNeverPause) {
  if (OnPostgres()) GTEST_SKIP() << "SQLite's write-ahead log";
  const std::string path = dir_.File("bounded.db");
  constexpr int kLimitFrames = 256;  // 1 MiB of 4 KiB pages
  auto db = OpenSqlite({.path = path, .log_restart_frames = kLimitFrames});
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)
                  ->Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, "
                            "body BLOB NOT NULL)")
                  .ok());
  // About 25 MiB of rows, from more writers than a turn takes at once.
  constexpr int kThreads = 16;
  constexpr int kWritesEach = 400;
  const std::string body(4000, 'x');
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kWritesEach; ++i) {
        const absl::Status status =
            (*db)
                ->Execute("INSERT INTO notes (body) VALUES (?)", {Blob{body}})
                .status();
        EXPECT_TRUE(status.ok()) << status;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto rows = (*db)->Query("SELECT COUNT(*) FROM notes");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0].Int(0), kThreads * kWritesEach);
  // The file keeps its largest size: the limit, plus the turns that began
  // while the background checkpoint held the copy (about 25 MiB without
  // the bound).
  EXPECT_LT(std::filesystem::file_size(path + "-wal"),
            8 * kLimitFrames * (4096 + 24));
}

// Two handles on one database, as two replicas of a service have: their
// read-then-write transactions still lose no update (SQLite: the file's
// write lock; PostgreSQL: SERIALIZABLE, the loser of a conflict run again).
TEST_F(SqliteDatabaseTest, TwoReplicasLoseNoUpdate) {
  ASSERT_TRUE(
      db_->Execute("INSERT INTO items (id, units) VALUES ('counter', 0)").ok());
  auto other = Open();
  ASSERT_TRUE(other.ok()) << other.status();
  constexpr int kIncrements = 100;
  std::vector<std::thread> threads;
  for (Database* replica : {db_.get(), other->get()}) {
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([replica] {
        for (int i = 0; i < kIncrements; ++i) {
          // The replicas meet in SQLite's busy handler, which polls with
          // sleeps: on a loaded machine one may wait out the busy timeout
          // and answer UNAVAILABLE, changing nothing, as a caller would
          // retry. What must never happen is a lost update.
          absl::Status status;
          do {
            status = Increment(*replica);
          } while (absl::IsUnavailable(status));
          EXPECT_TRUE(status.ok()) << status;
        }
      });
    }
  }
  for (auto& thread : threads) thread.join();
  auto rs = db_->Query("SELECT units FROM items WHERE id = 'counter'");
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(rs->rows[0].Int(0), 4 * kIncrements);
}

// Concurrent writes share commits (libs/sql/group_commit.h): a write that
// fails must still be rolled back alone, and only the writes that committed
// run their commit callbacks.
TEST_F(SqliteDatabaseTest, WritesSharingACommitSucceedOrFailAlone) {
  constexpr int kThreads = 16;
  constexpr int kWritesEach = 40;
  std::atomic<int> callbacks = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesEach; ++i) {
        const bool fails = (t + i) % 3 == 0;
        const bool violates = (t + i) % 3 == 1 && i % 2 == 0;
        absl::Status status = db_->Transact(TxMode::kWrite, [&](Connection& c) {
          c.OnCommit([&] { ++callbacks; });
          auto inserted =
              c.Execute("INSERT INTO items (id, units) VALUES (?, ?)",
                        {absl::StrCat(t, "-", i), violates ? -1 : 1});
          if (!inserted.ok()) return inserted.status();
          return fails ? absl::AbortedError("refused") : absl::OkStatus();
        });
        if (fails) {
          EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
        } else if (violates) {
          EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        } else {
          EXPECT_TRUE(status.ok()) << status;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  int expected = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kWritesEach; ++i) {
      expected += (t + i) % 3 == 2 || ((t + i) % 3 == 1 && i % 2 == 1);
    }
  }
  EXPECT_EQ(CountItems(), expected);
  EXPECT_EQ(callbacks.load(), expected);
  auto refused = db_->Query("SELECT COUNT(*) FROM items WHERE units != 1");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->rows[0].Int(0), 0);
}

// A full store. SQLite reports SQLITE_FULL when the database would grow
// past max_page_count, the code a full file system gives too (no file
// system can be mounted small here). The write is refused
// RESOURCE_EXHAUSTED naming the disk, what was committed stays, and writes
// go through again once there is room.
TEST_F(SqliteDatabaseTest, AFullStoreRefusesWritesAndKeepsWhatItHad) {
  if (OnPostgres()) GTEST_SKIP() << "SQLite's page limit";
  Database& db = *db_;
  auto pages = db.Query("PRAGMA page_count");
  ASSERT_TRUE(pages.ok()) << pages.status();
  // The limit is a connection's setting: set in a write, it holds for the
  // connection every write runs on.
  ASSERT_TRUE(db.Execute(absl::StrCat("PRAGMA max_page_count = ",
                                      pages->rows[0].Int(0) + 4))
                  .ok());
  const Blob payload{std::string(3000, 'p')};
  absl::Status refused;
  int stored = 0;
  for (int i = 0; i < 100 && refused.ok(); ++i) {
    refused =
        db.Execute("INSERT INTO items (id, units, payload) VALUES (?, 1, ?)",
                   {absl::StrCat("row-", i), payload})
            .status();
    stored += refused.ok();
  }
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted) << refused;
  EXPECT_EQ(refused.message(), "store: database or disk is full");
  EXPECT_GT(stored, 0);
  EXPECT_EQ(CountItems(), stored);

  ASSERT_TRUE(db.Execute("PRAGMA max_page_count = 1000000").ok());
  EXPECT_TRUE(db.Execute("INSERT INTO items (id, units, payload) VALUES "
                         "('after', 1, ?)",
                         {payload})
                  .ok());
  EXPECT_EQ(CountItems(), stored + 1);
  auto integrity = db.Query("PRAGMA integrity_check");
  ASSERT_TRUE(integrity.ok()) << integrity.status();
  EXPECT_EQ(integrity->rows[0].Text(0), "ok");
}

TEST_F(SqliteDatabaseTest, CommittedDataSurvivesReopening) {
  ASSERT_TRUE(
      db_->Execute("INSERT INTO items (id, units) VALUES ('kept', 7)").ok());
  db_.reset();
  auto reopened = Open();
  ASSERT_TRUE(reopened.ok());
  auto rs = (*reopened)->Query("SELECT units FROM items WHERE id = 'kept'");
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(rs->rows[0].Int(0), 7);
}

TEST(OpenDatabaseTest, RejectsBadConfigurationNamingTheSetting) {
  EXPECT_EQ(OpenSqlite({.path = ":memory:"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto bad_sync = OpenSqlite({.path = "/tmp/x.db", .synchronous = "OFF"});
  EXPECT_EQ(bad_sync.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_sync.status().message().find("synchronous"),
            absl::string_view::npos);
  auto bad_url =
      OpenDatabase({.url = "mysql://x", .data_dir = "", .service = "kpi"});
  EXPECT_NE(bad_url.status().message().find("database url"),
            absl::string_view::npos);
}

TEST(OpenDatabaseTest, PutsOneFilePerServiceUnderTheDataDir) {
  TempDir dir;
  auto db = OpenDatabase(
      {.url = "", .data_dir = dir.File("nested/data"), .service = "dispatch"});
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)->Execute("CREATE TABLE t (x INTEGER)").ok());
  EXPECT_TRUE(std::filesystem::exists(dir.File("nested/data/dispatch.db")));
}

}  // namespace
}  // namespace nanoinfluence::sql
