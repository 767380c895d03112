// Versioned migrations: applied once and in order, refused when history does
// not match this build, rolled back whole when one fails.
#include "libs/sql/migrations.h"

#include "gtest/gtest.h"
#include "libs/sql/open_database.h"
#include "libs/sql/sqlite_database.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_database.h"

namespace nanoinfluence::sql {
namespace {

using ::nanoinfluence::testing::TempDir;

constexpr Migration kV1{1, "create_items",
                        "CREATE TABLE items (id TEXT PRIMARY KEY);"};
constexpr Migration kV2{2, "add_units",
                        "ALTER TABLE items ADD COLUMN units INTEGER;"
                        "INSERT INTO items (id, units) VALUES ('seed', 1);"};

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto url = testing::TestDatabaseUrl(dir_, "m");
    ASSERT_TRUE(url.ok()) << url.status();
    auto db = OpenDatabase({.url = *url, .data_dir = "", .service = "m"});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }
  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(MigrationsTest, AppliesInOrderOnce) {
  const Migration both[] = {kV1, kV2};
  EXPECT_EQ(ApplyMigrations(*db_, both).value_or(-1), 2);
  EXPECT_EQ(ApplyMigrations(*db_, both).value_or(-1), 2);  // nothing to do
  auto rows = db_->Query("SELECT COUNT(*) FROM items");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0].Int(0), 1);  // the seed row was inserted once
}

TEST_F(MigrationsTest, UpgradesAnOlderDatabase) {
  const Migration first[] = {kV1};
  const Migration both[] = {kV1, kV2};
  ASSERT_EQ(ApplyMigrations(*db_, first).value_or(-1), 1);
  EXPECT_EQ(ApplyMigrations(*db_, both).value_or(-1), 2);
}

TEST_F(MigrationsTest, RefusesADatabaseFromANewerBuild) {
  const Migration first[] = {kV1};
  const Migration both[] = {kV1, kV2};
  ASSERT_TRUE(ApplyMigrations(*db_, both).ok());
  EXPECT_EQ(ApplyMigrations(*db_, first).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(MigrationsTest, RefusesAnEditedHistory) {
  const Migration first[] = {kV1};
  const Migration renamed[] = {{1, "something_else", kV1.sql}};
  ASSERT_TRUE(ApplyMigrations(*db_, first).ok());
  EXPECT_EQ(ApplyMigrations(*db_, renamed).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(MigrationsTest, RefusesAHistoryWithAHole) {
  const Migration first[] = {kV1};
  const Migration three[] = {kV1, kV2, {3, "three", "SELECT 1;"}};
  ASSERT_TRUE(ApplyMigrations(*db_, first).ok());
  ASSERT_TRUE(db_->Execute("INSERT INTO schema_migrations VALUES "
                           "(3, 'three', 'by hand')")
                  .ok());
  EXPECT_EQ(ApplyMigrations(*db_, three).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(MigrationsTest, RefusesGapsInNumbering) {
  const Migration gap[] = {kV1, {3, "three", "SELECT 1;"}};
  EXPECT_EQ(ApplyMigrations(*db_, gap).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(MigrationsTest, FailingMigrationLeavesNothingHalfDone) {
  const Migration broken[] = {
      kV1, {2, "broken", "CREATE TABLE half (x INTEGER); SELEC oops;"}};
  auto version = ApplyMigrations(*db_, broken);
  EXPECT_FALSE(version.ok());
  EXPECT_NE(version.status().message().find("broken"), absl::string_view::npos);
  EXPECT_EQ(db_->Query("SELECT COUNT(*) FROM half").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto recorded = db_->Query("SELECT MAX(version) FROM schema_migrations");
  EXPECT_EQ(recorded->rows[0].Int(0), 1);
}

}  // namespace
}  // namespace nanoinfluence::sql
