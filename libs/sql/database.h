// The thin SQL layer every service stores its data through. Services write
// portable SQL with `?` placeholders; a backend (SQLite now, PostgreSQL for
// scale-out) turns it into its own dialect, so service code never changes
// with the backend.
//
//   NANO_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](Connection& c) {
//     NANO_ASSIGN_OR_RETURN(int64_t changed,
//         c.Execute("UPDATE stock SET available = available - 1 "
//                   "WHERE sku = ? AND available > 0", {sku}));
//     if (changed == 0) return absl::FailedPreconditionError("sku: out of
//     stock"); return outbox.Append(c, event);
//   }));
//
// Errors: UNAVAILABLE when the database is busy past its timeout or cannot be
// reached; ALREADY_EXISTS for a unique-key violation; FAILED_PRECONDITION for a
// CHECK or foreign-key violation; RESOURCE_EXHAUSTED when the disk is full;
// DATA_LOSS for corruption; INVALID_ARGUMENT for SQL the backend rejects
// (a programming error); INTERNAL otherwise.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "libs/sql/result_set.h"

namespace nanoinfluence::sql {

// A session on the database, inside a transaction or not. Not thread-safe:
// used by one thread at a time, as handed out by Database.
class Connection {
 public:
  virtual ~Connection() = default;

  // Runs a statement that returns rows (SELECT, or anything with RETURNING).
  virtual absl::StatusOr<ResultSet> Query(absl::string_view sql,
                                          absl::Span<const Value> params) = 0;
  absl::StatusOr<ResultSet> Query(absl::string_view sql,
                                  std::initializer_list<Value> params = {}) {
    return Query(sql, absl::MakeConstSpan(params.begin(), params.size()));
  }

  // Runs a query and hands each row to `each` as it is read, without
  // keeping them: for scans of 100,000s of rows of which few are kept.
  virtual absl::Status QueryEach(absl::string_view sql,
                                 absl::Span<const Value> params,
                                 absl::FunctionRef<void(const Row&)> each) = 0;
  absl::Status QueryEach(absl::string_view sql,
                         std::initializer_list<Value> params,
                         absl::FunctionRef<void(const Row&)> each) {
    return QueryEach(sql, absl::MakeConstSpan(params.begin(), params.size()),
                     each);
  }

  // Runs a statement and returns the number of rows it changed.
  virtual absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                          absl::Span<const Value> params) = 0;
  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  std::initializer_list<Value> params = {}) {
    return Execute(sql, absl::MakeConstSpan(params.begin(), params.size()));
  }

  // Runs several `;`-separated statements without parameters (migrations).
  virtual absl::Status ExecuteScript(absl::string_view sql) = 0;

  // The backend's name, as Database::dialect(): for the rare library
  // statement that must differ (the outbox's lock on PostgreSQL).
  virtual absl::string_view dialect() const = 0;

  // Runs `callback` once the current transaction has committed, before the
  // next write transaction of this process starts: the callbacks of
  // successive write transactions run in commit order, so state kept beside
  // the database (an in-memory index) follows it exactly. Nothing runs when
  // the transaction rolls back (a callback registered inside a savepoint
  // rolled back alone still runs: register after the last check). A
  // callback must be quick and must not use the database.
  void OnCommit(std::function<void()> callback) {
    on_commit_.push_back(std::move(callback));
  }

  // For Database implementations: the callbacks registered so far, cleared.
  std::vector<std::function<void()>> TakeOnCommit() {
    return std::exchange(on_commit_, {});
  }

 private:
  std::vector<std::function<void()>> on_commit_;
};

enum class TxMode {
  // Reads only: a consistent snapshot, never blocks writers.
  kRead,
  // Reads and writes: takes the write lock at the start, so two writers
  // never deadlock upgrading a read lock half-way.
  kWrite,
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs `body` in one transaction on a pooled connection: commits when it
  // returns OK, rolls back otherwise (and when commit fails) and returns its
  // error. Thread-safe; blocks while every pooled connection is busy.
  virtual absl::Status Transact(
      TxMode mode, absl::FunctionRef<absl::Status(Connection&)> body) = 0;

  // Makes the data deleted so far unrecoverable from the database's own
  // files, for erasure (GDPR art. 17). SQLite overwrites deleted content as
  // it goes (secure_delete) and this empties the write-ahead log, which
  // still holds the old pages.
  virtual absl::Status PurgeDeletedData() = 0;

  // The backend's name: "sqlite" or "postgresql", for the rare statement
  // that must differ (migrations keep per-dialect files only where needed).
  virtual absl::string_view dialect() const = 0;

  // One statement in its own transaction.
  absl::StatusOr<ResultSet> Query(absl::string_view sql,
                                  std::initializer_list<Value> params = {});
  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  std::initializer_list<Value> params = {});
};

}  // namespace nanoinfluence::sql
