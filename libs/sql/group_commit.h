// Group commit: the writes of one process run in turns on one writer
// thread, and the writes that arrive while a turn runs wait together and
// share the next one. A turn runs its writes one after the other in a
// single transaction (the backend gives each its own savepoint), so N
// writes cost one commit, one fsync, instead of N. Each write still
// succeeds or fails alone, and a caller's answer waits for the commit that
// made its write durable. The writer thread starts the next turn as soon as
// one ends: when a waiting caller led the next turn instead, waking it took
// about a sixth of each turn's time (docs/benchmarks.md, P8).
//
//   GroupCommit writers(absl::Seconds(5), [&](absl::Span<Write* const> turn) {
//     ... BEGIN; each write->status = body in a savepoint; COMMIT ...
//   });
//   absl::Status status = writers.Submit(body);
#pragma once

#include <deque>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "libs/sql/database.h"

namespace nanoinfluence::sql {

class GroupCommit {
 public:
  // One caller's write, as the turn that runs it sees it.
  struct Write {
    absl::FunctionRef<absl::Status(Connection&)> body;
    // Set by the turn: the body's outcome, or the commit's failure.
    absl::Status status;
  };
  // Runs the writes of one turn, in order, and sets each one's status.
  using RunTurn = std::function<void(absl::Span<Write* const>)>;

  // A write that has not started within `wait_limit` answers UNAVAILABLE.
  GroupCommit(absl::Duration wait_limit, RunTurn run_turn);
  // Runs the writes still queued, then stops the writer thread.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `body` in some turn on the writer thread, while this caller
  // waits, and returns its status once that turn has committed.
  absl::Status Submit(absl::FunctionRef<absl::Status(Connection&)> body);

  // An exclusive turn for maintenance (a checkpoint): false when none came
  // within the wait limit. Leave() ends it.
  bool Enter();
  void Leave();

  // Writes waiting for a turn (for tests and metrics).
  size_t WaitingWrites();

  // Most writes one turn takes: bounds how long the first of them waits.
  static constexpr size_t kMaxWritesPerTurn = 64;

 private:
  struct Queued {
    Write write;
    bool taken = false;  // a turn has it: it will be answered, not dropped
    absl::Notification done;
  };

  // The writer thread: runs a turn whenever writes are queued and no
  // maintenance holds the turn.
  void RunTurns();

  const absl::Duration wait_limit_;
  const RunTurn run_turn_;
  absl::Mutex mu_;
  std::deque<Queued*> queue_ ABSL_GUARDED_BY(mu_);
  bool turn_running_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread writer_;  // last: starts once the rest is built
};

}  // namespace nanoinfluence::sql
