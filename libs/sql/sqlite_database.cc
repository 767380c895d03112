#include "libs/sql/sqlite_database.h"

#include <sqlite3.h>

#include <atomic>
#include <memory>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/sql/database_errors.h"
#include "libs/sql/group_commit.h"
#include "libs/sql/wal_write_buffer.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::sql {
namespace {

// Maps an SQLite result code to the status the layer promises (database.h),
// and counts it (database_errors.h).
absl::Status SqliteError(sqlite3* db, int code, absl::string_view context) {
  using Kind = DatabaseErrorKind;
  using Code = absl::StatusCode;
  // sqlite3_errstr is the code's generic text ("disk I/O error"); the
  // connection's message can name a table or column ("UNIQUE constraint
  // failed: contents.content_id") and goes to the log only.
  const std::string detail = absl::StrCat(
      context, ": ", db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  const auto fail = [&](Kind kind, Code status_code) {
    return StoreError(kind, status_code, sqlite3_errstr(code), detail);
  };
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return fail(Kind::kBusy, Code::kUnavailable);
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PROTOCOL:
      return fail(Kind::kIo, Code::kUnavailable);
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE ||
          code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return fail(Kind::kUnique, Code::kAlreadyExists);
      }
      return fail(Kind::kConstraint, Code::kFailedPrecondition);
    case SQLITE_FULL:
      return fail(Kind::kDiskFull, Code::kResourceExhausted);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return fail(Kind::kCorrupt, Code::kDataLoss);
    case SQLITE_ERROR:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
      return fail(Kind::kBadSql, Code::kInvalidArgument);
    default:
      return fail(Kind::kOther, Code::kInternal);
  }
}

struct StatementDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* handle() { return db_; }
  ~SqliteConnection() override {
    statements_.clear();
    sqlite3_close_v2(db_);
  }

  absl::StatusOr<ResultSet> Query(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    ResultSet result;
    NANO_RETURN_IF_ERROR(Step(sql, params, &result.columns, [&](Row row) {
      result.rows.push_back(std::move(row));
    }));
    return result;
  }

  absl::Status QueryEach(absl::string_view sql, absl::Span<const Value> params,
                         absl::FunctionRef<void(const Row&)> each) override {
    return Step(sql, params, nullptr, [&](Row row) { each(row); });
  }

  // Runs the statement, naming its columns in `columns` unless null, and
  // hands over its rows one by one.
  absl::Status Step(absl::string_view sql, absl::Span<const Value> params,
                    std::vector<std::string>* columns,
                    absl::FunctionRef<void(Row)> row) {
    NANO_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
    const int count = sqlite3_column_count(stmt);
    for (int i = 0; columns != nullptr && i < count; ++i) {
      columns->emplace_back(sqlite3_column_name(stmt, i));
    }
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return Fail(stmt, rc, sql);
      std::vector<Value> values;
      values.reserve(count);
      for (int i = 0; i < count; ++i) values.push_back(ColumnValue(stmt, i));
      row(Row(std::move(values)));
    }
    sqlite3_reset(stmt);
    return absl::OkStatus();
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    NANO_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return Fail(stmt, rc, sql);
    sqlite3_reset(stmt);
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  absl::string_view dialect() const override { return "sqlite"; }

  // A transaction's BEGIN, SAVEPOINT, RELEASE or COMMIT, compiled once like
  // any statement (a script would be compiled again at every call).
  absl::Status Control(absl::string_view sql) {
    return Execute(sql, {}).status();
  }

  // False once SQLite ended the transaction on its own (disk full, I/O
  // error): later statements would each commit alone.
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

  absl::Status ExecuteScript(absl::string_view sql) override {
    std::string text(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc == SQLITE_OK) return absl::OkStatus();
    std::string message = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return SqliteError(nullptr, sqlite3_extended_errcode(db_),
                       absl::StrCat("script: ", message));
  }

 private:
  // Statements are compiled once per connection and reused: compiling costs
  // more than running a one-row statement.
  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql,
                                        absl::Span<const Value> params) {
    std::string key(sql);
    auto it = statements_.find(key);
    if (it == statements_.end()) {
      if (statements_.size() >= kMaxCachedStatements) statements_.clear();
      sqlite3_stmt* raw = nullptr;
      int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                  SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
      if (rc != SQLITE_OK) {
        return SqliteError(db_, rc, absl::StrCat("prepare \"", sql, "\""));
      }
      it = statements_.emplace(std::move(key), Statement(raw)).first;
    }
    sqlite3_stmt* stmt = it->second.get();
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return StoreError(DatabaseErrorKind::kBadSql,
                        absl::StatusCode::kInvalidArgument,
                        "wrong number of parameters",
                        absl::StrCat("\"", sql, "\" takes ",
                                     sqlite3_bind_parameter_count(stmt),
                                     " parameters, got ", params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int rc = Bind(stmt, static_cast<int>(i + 1), params[i]);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }
    return stmt;
  }

  static int Bind(sqlite3_stmt* stmt, int index, const Value& value) {
    if (const auto* i = std::get_if<int64_t>(&value)) {
      return sqlite3_bind_int64(stmt, index, *i);
    }
    if (const auto* d = std::get_if<double>(&value)) {
      return sqlite3_bind_double(stmt, index, *d);
    }
    if (const auto* s = std::get_if<std::string>(&value)) {
      return sqlite3_bind_text64(stmt, index, s->data(), s->size(),
                                 SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    if (const auto* b = std::get_if<Blob>(&value)) {
      return sqlite3_bind_blob64(stmt, index, b->bytes.data(), b->bytes.size(),
                                 SQLITE_TRANSIENT);
    }
    return sqlite3_bind_null(stmt, index);
  }

  static Value ColumnValue(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, i);
      case SQLITE_TEXT:
        return std::string(
            reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
            sqlite3_column_bytes(stmt, i));
      case SQLITE_BLOB: {
        const char* data =
            static_cast<const char*>(sqlite3_column_blob(stmt, i));
        return Blob{std::string(data, data + sqlite3_column_bytes(stmt, i))};
      }
      default:
        return kNull;
    }
  }

  absl::Status Fail(sqlite3_stmt* stmt, int rc, absl::string_view sql) {
    absl::Status status = SqliteError(db_, sqlite3_extended_errcode(db_),
                                      absl::StrCat("\"", sql, "\""));
    sqlite3_reset(stmt);
    return status;
  }

  static constexpr size_t kMaxCachedStatements = 256;
  sqlite3* db_;
  std::unordered_map<std::string, Statement> statements_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::vector<std::unique_ptr<SqliteConnection>> pool,
                 std::unique_ptr<SqliteConnection> writer,
                 std::unique_ptr<SqliteConnection> checkpointer,
                 absl::Duration busy_timeout, int log_restart_frames)
      : log_restart_frames_(log_restart_frames),
        idle_(std::move(pool)),
        writer_(std::move(writer)),
        // Writers of this process queue here, in order, rather than in
        // SQLite's busy handler, which polls with sleeps and lets a writer
        // starve past the timeout on a loaded machine. The busy timeout
        // still bounds the wait and still arbitrates between processes.
        writers_(busy_timeout,
                 [this](absl::Span<GroupCommit::Write* const> turn) {
                   RunWriteTurn(turn);
                 }),
        checkpointer_(std::move(checkpointer)),
        checkpoint_thread_([this] { CheckpointLoop(); }) {
    sqlite3_wal_hook(writer_->handle(), &SqliteDatabase::CountLogFrames,
                     &log_frames_);
  }

  ~SqliteDatabase() override {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    checkpoint_thread_.join();
  }

  absl::Status Transact(
      TxMode mode, absl::FunctionRef<absl::Status(Connection&)> body) override {
    if (mode == TxMode::kWrite) return writers_.Submit(body);
    std::unique_ptr<SqliteConnection> conn = Acquire();
    absl::Status status = conn->Control("BEGIN DEFERRED");
    if (status.ok()) status = body(*conn);
    if (status.ok()) status = conn->Control("COMMIT");
    if (!status.ok() && conn->InTransaction()) {
      conn->ExecuteScript("ROLLBACK").IgnoreError();
    }
    Release(std::move(conn));
    return status;
  }

  absl::Status PurgeDeletedData() override {
    if (!writers_.Enter()) {
      return absl::UnavailableError("database busy: no turn to checkpoint");
    }
    SqliteConnection* conn = writer_.get();
    // TRUNCATE copies the log into the file and cuts the log to zero bytes.
    // A reader still using old pages (or the background checkpoint) makes
    // it report busy in its result row: wait a little and try again.
    absl::Status status = absl::UnavailableError(
        "the write-ahead log is still in use; its old pages remain");
    for (int attempt = 0; attempt < 50; ++attempt) {
      absl::StatusOr<ResultSet> result =
          conn->Query("PRAGMA wal_checkpoint(TRUNCATE)", {});
      if (!result.ok()) {
        status = result.status();
        break;
      }
      if (!result->rows.empty() && result->rows[0].Int(0) == 0) {
        status = absl::OkStatus();
        break;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    writers_.Leave();
    return status;
  }

  absl::string_view dialect() const override { return "sqlite"; }

 private:
  // One transaction for the writes of a turn (group_commit.h), each in a
  // savepoint: a write that fails is rolled back alone and the others still
  // commit. Commit callbacks run in commit order, before the next turn.
  void RunWriteTurn(absl::Span<GroupCommit::Write* const> turn) {
    SqliteConnection* conn = writer_.get();
    // SQLite writes the log from its start again only when a write begins
    // with every frame copied into the database, which writes that never
    // pause never allow: the background checkpoint is always behind, and
    // the log would grow without bound. Past the limit, this turn copies
    // the rest first.
    if (log_frames_ > log_restart_frames_) {
      conn->Query("PRAGMA wal_checkpoint(PASSIVE)", {}).IgnoreError();
    }
    absl::Status batch = conn->Control("BEGIN IMMEDIATE");
    std::vector<std::vector<std::function<void()>>> callbacks(turn.size());
    for (size_t i = 0; i < turn.size() && batch.ok(); ++i) {
      batch = conn->Control("SAVEPOINT write");
      if (!batch.ok()) break;
      turn[i]->status = turn[i]->body(*conn);
      callbacks[i] = conn->TakeOnCommit();
      if (!conn->InTransaction()) {
        // SQLite rolled everything back: the writes before this one too.
        batch = turn[i]->status.ok()
                    ? absl::UnavailableError("the transaction was rolled back")
                    : turn[i]->status;
        break;
      }
      batch = turn[i]->status.ok()
                  ? conn->Control("RELEASE write")
                  : conn->ExecuteScript("ROLLBACK TO write; RELEASE write");
      if (!turn[i]->status.ok()) callbacks[i].clear();
    }
    if (batch.ok()) batch = conn->Control("COMMIT");
    if (!batch.ok()) {
      // After a failed COMMIT SQLite may already have rolled back: nothing
      // is left to roll back (and no error to count).
      if (conn->InTransaction()) conn->ExecuteScript("ROLLBACK").IgnoreError();
      for (GroupCommit::Write* write : turn) {
        if (write->status.ok()) write->status = batch;
      }
    } else {
      for (auto& after_commit : callbacks) {
        for (auto& callback : after_commit) callback();
      }
    }
    absl::MutexLock lock(&mu_);
    commits_since_checkpoint_ += batch.ok() ? 1 : 0;
  }

  // Copies committed pages from the log into the database file once a
  // second while there are new commits (a page changed many times in that
  // second is copied once, and the database file's sync competes less
  // with the log's: measured faster than every 200 ms, docs/benchmarks.md,
  // P8). PASSIVE never blocks
  // readers or writers; pages a reader still needs wait for the next round.
  void CheckpointLoop() {
    absl::MutexLock lock(&mu_);
    while (!stopping_) {
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), kCheckpointEvery);
      if (stopping_ || commits_since_checkpoint_ == 0) continue;
      const int64_t commits = commits_since_checkpoint_;
      commits_since_checkpoint_ = 0;
      mu_.Unlock();
      // A failure (disk full) or a round a reader held back is retried at
      // the next round; the log keeps every commit meanwhile.
      absl::StatusOr<ResultSet> result =
          checkpointer_->Query("PRAGMA wal_checkpoint(PASSIVE)", {});
      const bool done = result.ok() && !result->rows.empty() &&
                        result->rows[0].Int(0) == 0 &&
                        result->rows[0].Int(1) == result->rows[0].Int(2);
      mu_.Lock();
      if (!done) commits_since_checkpoint_ += commits;
    }
  }

  // Waits for an idle connection. A body must not start another transaction
  // on the same database: with every connection taken it would wait forever.
  std::unique_ptr<SqliteConnection> Acquire() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](std::vector<std::unique_ptr<SqliteConnection>>* idle) {
          return !idle->empty();
        },
        &idle_));
    std::unique_ptr<SqliteConnection> conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }

  void Release(std::unique_ptr<SqliteConnection> conn) {
    absl::MutexLock lock(&mu_);
    idle_.push_back(std::move(conn));
  }

  // SQLite's WAL hook on the writer connection: the log's size in frames
  // after each of its commits.
  static int CountLogFrames(void* frames, sqlite3*, const char*, int count) {
    static_cast<std::atomic<int>*>(frames)->store(count);
    return SQLITE_OK;
  }

  static constexpr absl::Duration kCheckpointEvery = absl::Seconds(1);

  const int log_restart_frames_;
  std::atomic<int> log_frames_ = 0;

  absl::Mutex mu_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_ ABSL_GUARDED_BY(mu_);
  // Used by one turn at a time (or a maintenance turn). Only it writes, so
  // its page cache stays valid from turn to turn; a pooled connection's
  // cache is dropped whenever another connection has committed, and each
  // turn would read its index pages again.
  const std::unique_ptr<SqliteConnection> writer_;
  GroupCommit writers_;
  int64_t commits_since_checkpoint_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Used by the checkpoint thread only.
  std::unique_ptr<SqliteConnection> checkpointer_;
  std::thread checkpoint_thread_;
};

absl::StatusOr<std::unique_ptr<SqliteConnection>> OpenConnection(
    const SqliteOptions& options) {
  sqlite3* db = nullptr;
  // Under FULL each commit's log frames reach the file in one write
  // (wal_write_buffer.h).
  int rc = sqlite3_open_v2(
      options.path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      options.synchronous == "FULL" ? WalWriteBufferVfs() : nullptr);
  auto conn = std::make_unique<SqliteConnection>(db);
  if (rc != SQLITE_OK) {
    return SqliteError(db, rc, absl::StrCat("open ", options.path));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(
      db, static_cast<int>(absl::ToInt64Milliseconds(options.busy_timeout)));
  NANO_RETURN_IF_ERROR(conn->ExecuteScript(absl::StrCat(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=", options.synchronous,
      "; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
      // The savepoint of each write in a turn keeps the pages it changes in
      // a statement journal: in memory, not in a temporary file that every
      // write would copy its pages to (and that would hold personal data
      // outside the database's folder).
      "PRAGMA temp_store=MEMORY;"
      // Checkpoints run in the background (SqliteDatabase), not in the
      // thread of whichever commit crossed the log's size limit.
      "PRAGMA wal_autocheckpoint=0;")));
  return conn;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(
    const SqliteOptions& options) {
  if (options.path.empty() || options.path == ":memory:") {
    return absl::InvalidArgumentError(
        "sqlite path: must name a file (the pool shares it)");
  }
  if (options.synchronous != "FULL" && options.synchronous != "NORMAL") {
    return absl::InvalidArgumentError(absl::StrCat("sqlite synchronous: \"",
                                                   options.synchronous,
                                                   "\" is not FULL or NORMAL"));
  }
  if (options.pool_size < 1 || options.pool_size > 64) {
    return absl::InvalidArgumentError("sqlite pool size: must be 1..64");
  }
  if (options.log_restart_frames < 1) {
    return absl::InvalidArgumentError(
        "sqlite log restart frames: must be positive");
  }
  InitDatabaseErrorSeries();
  std::vector<std::unique_ptr<SqliteConnection>> pool;
  for (int i = 0; i < options.pool_size; ++i) {
    NANO_ASSIGN_OR_RETURN(auto conn, OpenConnection(options));
    pool.push_back(std::move(conn));
  }
  NANO_ASSIGN_OR_RETURN(auto writer, OpenConnection(options));
  // 16 MiB of pages for the writer (SQLite keeps 2 MiB by default): the
  // index pages a write turn touches stay in its cache rather than being
  // read from the OS again inside the turn every writer waits for.
  NANO_RETURN_IF_ERROR(writer->ExecuteScript("PRAGMA cache_size=-16384;"));
  NANO_ASSIGN_OR_RETURN(auto checkpointer, OpenConnection(options));
  return std::make_unique<SqliteDatabase>(
      std::move(pool), std::move(writer), std::move(checkpointer),
      options.busy_timeout, options.log_restart_frames);
}

}  // namespace nanoinfluence::sql
