#include "libs/sql/postgres_database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/sql/database_errors.h"
#include "libs/sql/postgres_dialect.h"
#include "libs/status/log_detail.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::sql {
namespace {

// Type numbers of pg_type (catalog/pg_type.h is in the server's headers,
// not libpq's); stable since PostgreSQL 7.
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// What a caller is told of an error of `kind`.
const char* KindWords(DatabaseErrorKind kind) {
  switch (kind) {
    case DatabaseErrorKind::kBusy:
      return "busy";
    case DatabaseErrorKind::kIo:
      return "unreachable";
    case DatabaseErrorKind::kUnique:
      return "duplicate key";
    case DatabaseErrorKind::kConstraint:
      return "constraint violated";
    case DatabaseErrorKind::kDiskFull:
      return "disk is full";
    case DatabaseErrorKind::kCorrupt:
      return "data corrupted";
    case DatabaseErrorKind::kBadSql:
      return "statement refused";
    default:
      return "error";
  }
}

bool IsConflict(absl::string_view state) {
  return state == "40001" || state == "40P01";
}

// Maps a SQLSTATE to the status the layer promises (database.h), and counts
// it (database_errors.h). A conflict is ABORTED: Transact runs the body
// again, and answers UNAVAILABLE only once it gives up.
absl::Status PostgresError(absl::string_view state, absl::string_view message) {
  // The server's message names tables, columns and constraints: the log
  // gets it, the caller only the kind of failure and the SQLSTATE.
  auto fail = [&](DatabaseErrorKind kind, absl::StatusCode code) {
    return StoreError(kind, code,
                      absl::StrCat(KindWords(kind), " [", state, "]"), message);
  };
  using Kind = DatabaseErrorKind;
  using Code = absl::StatusCode;
  if (state == "23505") return fail(Kind::kUnique, Code::kAlreadyExists);
  // CHECK, foreign key, NOT NULL, exclusion.
  if (absl::StartsWith(state, "23")) {
    return fail(Kind::kConstraint, Code::kFailedPrecondition);
  }
  if (IsConflict(state)) return fail(Kind::kBusy, Code::kAborted);
  // Lock wait past lock_timeout, statement timeout, too many connections.
  if (state == "55P03" || state == "57014" || state == "53300") {
    return fail(Kind::kBusy, Code::kUnavailable);
  }
  if (state == "53100") return fail(Kind::kDiskFull, Code::kResourceExhausted);
  if (state == "53200") return fail(Kind::kOther, Code::kResourceExhausted);
  // No answer from the server (no state at all), a broken connection, the
  // server shutting down or starting.
  if (state.empty() || absl::StartsWith(state, "08") ||
      absl::StartsWith(state, "57P")) {
    return fail(Kind::kIo, Code::kUnavailable);
  }
  if (state == "XX001" || state == "XX002") {
    return fail(Kind::kCorrupt, Code::kDataLoss);
  }
  // Syntax, unknown names, wrong types, bad values, a write in a read
  // transaction: the statement is wrong.
  if (absl::StartsWith(state, "42") || absl::StartsWith(state, "22") ||
      absl::StartsWith(state, "0A") || state == "25006") {
    return fail(Kind::kBadSql, Code::kInvalidArgument);
  }
  return fail(Kind::kOther, Code::kInternal);
}

// The parameters of one statement as libpq takes them: text for numbers
// (with their type, so `? + 1` or `LIMIT ?` need no cast), bytes in binary,
// text untyped so it converts as a literal would, NULL untyped.
class Params {
 public:
  explicit Params(absl::Span<const Value> params) {
    const size_t n = params.size();
    storage_.resize(n);
    types_.assign(n, 0);
    values_.assign(n, nullptr);
    lengths_.assign(n, 0);
    formats_.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
      const Value& v = params[i];
      if (const auto* integer = std::get_if<int64_t>(&v)) {
        storage_[i] = absl::StrCat(*integer);
        types_[i] = kInt8Oid;
      } else if (const auto* real = std::get_if<double>(&v)) {
        storage_[i] = FormatDouble(*real);
        types_[i] = kFloat8Oid;
      } else if (const auto* text = std::get_if<std::string>(&v)) {
        storage_[i] = *text;
      } else if (const auto* blob = std::get_if<Blob>(&v)) {
        storage_[i] = blob->bytes;
        types_[i] = kByteaOid;
        formats_[i] = 1;
      } else {
        continue;  // NULL: no value
      }
      values_[i] = storage_[i].data();
      lengths_[i] = static_cast<int>(storage_[i].size());
    }
  }

  int size() const { return static_cast<int>(values_.size()); }
  const Oid* types() const { return types_.data(); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  static std::string FormatDouble(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    return absl::StrFormat("%.17g", d);
  }

  std::vector<std::string> storage_;
  std::vector<Oid> types_;
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
};

// A column's text as the Value the layer promises: integers and booleans
// (0/1) as int64, floating point as double, NUMERIC (what SUM of integers
// gives) as int64 when whole, bytea as Blob, anything else as text.
Value ColumnValue(const PGresult* r, int row, int column) {
  if (PQgetisnull(r, row, column)) return kNull;
  const char* text = PQgetvalue(r, row, column);
  const absl::string_view view(text, PQgetlength(r, row, column));
  switch (PQftype(r, column)) {
    case kBoolOid:
      return int64_t{view == "t" ? 1 : 0};
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t i = 0;
      return absl::SimpleAtoi(view, &i) ? Value(i) : Value(std::string(view));
    }
    case kNumericOid: {
      int64_t i = 0;
      if (absl::SimpleAtoi(view, &i)) return i;
      [[fallthrough]];
    }
    case kFloat4Oid:
    case kFloat8Oid: {
      double d = 0;
      return absl::SimpleAtod(view, &d) ? Value(d) : Value(std::string(view));
    }
    case kByteaOid: {
      size_t length = 0;
      unsigned char* bytes = PQunescapeBytea(
          reinterpret_cast<const unsigned char*>(text), &length);
      Blob blob{std::string(reinterpret_cast<char*>(bytes), length)};
      PQfreemem(bytes);
      return blob;
    }
    default:
      return std::string(view);
  }
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  absl::StatusOr<ResultSet> Query(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    ResultSet result;
    NANO_RETURN_IF_ERROR(
        Run(sql, params, /*one_by_one=*/false, &result.columns, [&](Row row) {
          result.rows.push_back(std::move(row));
        }).status());
    return result;
  }

  absl::Status QueryEach(absl::string_view sql, absl::Span<const Value> params,
                         absl::FunctionRef<void(const Row&)> each) override {
    return Run(sql, params, /*one_by_one=*/true, nullptr,
               [&](Row row) { each(row); })
        .status();
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    return Run(sql, params, /*one_by_one=*/false, nullptr, [](Row) {});
  }

  absl::Status ExecuteScript(absl::string_view sql) override {
    return Command(PostgresSchema(sql));
  }

  absl::string_view dialect() const override { return "postgresql"; }

  // Runs statements as they are (no translation, no parameters).
  absl::Status Command(absl::string_view sql) {
    const std::string text(sql);
    Result r(PQexec(conn_, text.c_str()));
    return Check(r.get(), sql);
  }

  // COMMIT; a transaction an earlier statement broke answers ROLLBACK
  // instead of an error: then that statement's error.
  absl::Status Commit() {
    Result r(PQexec(conn_, "COMMIT"));
    NANO_RETURN_IF_ERROR(Check(r.get(), "COMMIT"));
    if (absl::string_view(PQcmdStatus(r.get())) != "COMMIT") {
      return first_error_.ok()
                 ? absl::InternalError("the transaction was rolled back")
                 : first_error_;
    }
    return absl::OkStatus();
  }

  // Rolls back whatever transaction is open.
  void Rollback() {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) {
      Result r(PQexec(conn_, "ROLLBACK"));
    }
  }

  // For a new transaction: forgets the last one's errors.
  void Reset() {
    conflict_ = false;
    first_error_ = absl::OkStatus();
    TakeOnCommit();
  }
  // The server aborted the transaction for a conflict or a deadlock.
  bool conflict() const { return conflict_; }
  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  PGconn* raw() { return conn_; }

 private:
  // Sends the statement and hands over its rows (one result at a time when
  // `one_by_one`, so a long scan is never held whole); returns the number
  // of rows it changed.
  absl::StatusOr<int64_t> Run(absl::string_view sql,
                              absl::Span<const Value> params, bool one_by_one,
                              std::vector<std::string>* columns,
                              absl::FunctionRef<void(Row)> row) {
    int placeholders = 0;
    const std::string text = NumberPlaceholders(sql, &placeholders);
    if (placeholders != static_cast<int>(params.size())) {
      // The server would answer with a protocol error, not a bad statement.
      return Note(StoreError(DatabaseErrorKind::kBadSql,
                             absl::StatusCode::kInvalidArgument,
                             "wrong number of parameters",
                             absl::StrCat("\"", sql, "\" takes ", placeholders,
                                          " parameters, got ", params.size())));
    }
    const Params p(params);
    if (!PQsendQueryParams(conn_, text.c_str(), p.size(), p.types(), p.values(),
                           p.lengths(), p.formats(), 0)) {
      return Note(PostgresError(
          "", absl::StrCat("\"", sql, "\": ", PQerrorMessage(conn_))));
    }
    if (one_by_one) PQsetSingleRowMode(conn_);
    absl::Status status;
    int64_t changed = 0;
    bool named = columns == nullptr;
    while (PGresult* raw = PQgetResult(conn_)) {
      Result r(raw);
      const ExecStatusType state = PQresultStatus(r.get());
      if (state == PGRES_TUPLES_OK || state == PGRES_SINGLE_TUPLE) {
        if (!named) {
          for (int i = 0; i < PQnfields(r.get()); ++i) {
            columns->emplace_back(PQfname(r.get(), i));
          }
          named = true;
        }
        if (!status.ok()) continue;  // drain what is left
        const int count = PQnfields(r.get());
        for (int i = 0; i < PQntuples(r.get()); ++i) {
          std::vector<Value> values;
          values.reserve(count);
          for (int c = 0; c < count; ++c) {
            values.push_back(ColumnValue(r.get(), i, c));
          }
          row(Row(std::move(values)));
        }
      } else if (state == PGRES_COMMAND_OK) {
        int64_t n = 0;
        if (absl::SimpleAtoi(PQcmdTuples(r.get()), &n)) changed = n;
      } else if (status.ok()) {
        status = Check(r.get(), sql);
      }
    }
    if (!status.ok()) return status;
    return changed;
  }

  absl::Status Check(const PGresult* r, absl::string_view sql) {
    const ExecStatusType state = PQresultStatus(r);
    if (state == PGRES_COMMAND_OK || state == PGRES_TUPLES_OK ||
        state == PGRES_SINGLE_TUPLE || state == PGRES_EMPTY_QUERY) {
      return absl::OkStatus();
    }
    const char* sqlstate = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : "";
    const char* message = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    return Note(PostgresError(
        sqlstate ? sqlstate : "",
        absl::StrCat("\"", sql.substr(0, 200),
                     "\": ", absl::StripTrailingAsciiWhitespace(message))));
  }

  absl::Status Note(absl::Status status) {
    if (status.code() == absl::StatusCode::kAborted) conflict_ = true;
    if (first_error_.ok()) first_error_ = status;
    return status;
  }

  PGconn* conn_;
  bool conflict_ = false;
  absl::Status first_error_;
};

// instr(haystack, needle) on bytes, as SQLite has it (1-based, 0 when
// absent): erasure finds an id inside stored responses with it.
constexpr absl::string_view kSqliteFunctions =
    "CREATE OR REPLACE FUNCTION instr(bytea, bytea) RETURNS integer "
    "LANGUAGE sql IMMUTABLE STRICT AS 'SELECT position($2 IN $1)'";

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const PostgresOptions& options)
      : options_(options) {}

  absl::Status Transact(
      TxMode mode, absl::FunctionRef<absl::Status(Connection&)> body) override {
    if (mode == TxMode::kRead) {
      return Attempts("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body);
    }
    // The writers of this process take turns (postgres_database.h).
    absl::MutexLock turn(&write_turn_);
    return Attempts("BEGIN ISOLATION LEVEL SERIALIZABLE", body);
  }

  absl::Status PurgeDeletedData() override {
    // VACUUM frees the space of deleted rows so later writes reuse it; it
    // cannot run inside a transaction block. The write-ahead log and
    // backups keep old pages until they expire (docs/postgres.md).
    NANO_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> conn, Acquire());
    absl::Status status = conn->Command("VACUUM");
    Release(std::move(conn));
    return status;
  }

  absl::string_view dialect() const override { return "postgresql"; }

  // Opens the first connection, creating the schema, and gives it the
  // SQLite functions portable SQL uses that PostgreSQL lacks. Replicas
  // starting at once take turns (a lock per schema).
  absl::Status Start() {
    NANO_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> conn, Acquire());
    absl::Status status = conn->Command(absl::StrCat(
        "BEGIN; SELECT pg_advisory_xact_lock(hashtext('nano_schema_",
        options_.schema, "')); ", kSqliteFunctions, "; COMMIT"));
    if (!status.ok()) conn->Rollback();
    Release(std::move(conn));
    return status;
  }

 private:
  absl::Status Attempts(absl::string_view begin,
                        absl::FunctionRef<absl::Status(Connection&)> body) {
    absl::Status status;
    for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
      NANO_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> conn,
                            Acquire());
      conn->Reset();
      status = conn->Command(begin);
      if (status.ok()) status = body(*conn);
      std::vector<std::function<void()>> callbacks = conn->TakeOnCommit();
      if (status.ok()) status = conn->Commit();
      if (!status.ok()) conn->Rollback();
      const bool conflict = conn->conflict();
      Release(std::move(conn));
      if (status.ok()) {
        for (auto& callback : callbacks) callback();
        return status;
      }
      if (!conflict) return status;
      // Another replica's transaction won: wait a little, at random so the
      // losers do not meet again, longer each time.
      absl::SleepFor(absl::Milliseconds(Jitter(attempt)));
    }
    return StoreError(DatabaseErrorKind::kBusy, absl::StatusCode::kUnavailable,
                      absl::StrCat("busy: still conflicting after ",
                                   options_.max_attempts, " attempts"),
                      LogDetailOf(status));
  }

  int Jitter(int attempt) {
    absl::MutexLock lock(&mu_);
    return std::uniform_int_distribution<int>(
        1, 1 << std::min(attempt, 6))(random_);
  }

  // An idle connection, a new one while the pool has room, or the first to
  // come back. A connection the server dropped is re-opened.
  absl::StatusOr<std::unique_ptr<PostgresConnection>> Acquire() {
    std::unique_ptr<PostgresConnection> conn;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](PostgresDatabase* db) ABSL_EXCLUSIVE_LOCKS_REQUIRED(db->mu_) {
            return !db->idle_.empty() || db->open_ < db->options_.pool_size;
          },
          this));
      if (idle_.empty()) {
        ++open_;
      } else {
        conn = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (conn == nullptr) {
      absl::StatusOr<std::unique_ptr<PostgresConnection>> opened = Connect();
      if (!opened.ok()) {
        absl::MutexLock lock(&mu_);
        --open_;
      }
      return opened;
    }
    if (conn->broken()) {
      PQreset(conn->raw());
      if (conn->broken()) {
        absl::Status status = PostgresError(
            "", absl::StrCat("reconnect: ", PQerrorMessage(conn->raw())));
        Release(std::move(conn));
        return status;
      }
      NANO_RETURN_IF_ERROR(Configure(*conn));
    }
    return conn;
  }

  void Release(std::unique_ptr<PostgresConnection> conn) {
    absl::MutexLock lock(&mu_);
    idle_.push_back(std::move(conn));
  }

  absl::StatusOr<std::unique_ptr<PostgresConnection>> Connect() {
    auto conn =
        std::make_unique<PostgresConnection>(PQconnectdb(options_.url.c_str()));
    if (conn->broken()) {
      return PostgresError(
          "", absl::StrCat("connect: ", PQerrorMessage(conn->raw())));
    }
    NANO_RETURN_IF_ERROR(Configure(*conn));
    return conn;
  }

  // Per session: quiet notices ("already exists, skipping"), the service's
  // schema first on the search path, and lock waits bounded like SQLite's
  // busy timeout.
  absl::Status Configure(PostgresConnection& conn) {
    PQsetNoticeProcessor(
        conn.raw(), +[](void*, const char*) {}, nullptr);
    char* quoted = PQescapeIdentifier(conn.raw(), options_.schema.data(),
                                      options_.schema.size());
    if (quoted == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("schema: ", PQerrorMessage(conn.raw())));
    }
    const std::string schema = quoted;
    PQfreemem(quoted);
    absl::Status created =
        conn.Command(absl::StrCat("CREATE SCHEMA IF NOT EXISTS ", schema));
    // Two replicas creating it at once: one of them loses, and the schema
    // is there.
    if (!created.ok() && !absl::IsAlreadyExists(created)) return created;
    return conn.Command(absl::StrCat("SET search_path TO ", schema,
                                     "; SET lock_timeout = '5s'"));
  }

  const PostgresOptions options_;
  absl::Mutex write_turn_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  std::minstd_rand random_ ABSL_GUARDED_BY(mu_){std::random_device{}()};
};

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(
    const PostgresOptions& options) {
  if (options.schema.empty()) {
    return absl::InvalidArgumentError("postgres schema: must not be empty");
  }
  if (options.pool_size < 1 || options.pool_size > 64) {
    return absl::InvalidArgumentError("postgres pool size: must be 1..64");
  }
  if (options.max_attempts < 1) {
    return absl::InvalidArgumentError("postgres max attempts: must be >= 1");
  }
  InitDatabaseErrorSeries();
  auto db = std::make_unique<PostgresDatabase>(options);
  NANO_RETURN_IF_ERROR(db->Start());
  return db;
}

}  // namespace nanoinfluence::sql
