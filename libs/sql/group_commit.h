// Group commit: the writers of one process take turns, and the writers that
// arrive while a turn runs wait together and share the next one. A turn runs
// its writes one after the other in a single transaction (the backend gives
// each its own savepoint), so N writes cost one commit, one fsync, instead
// of N. Each write still succeeds or fails alone, and a caller's answer
// waits for the commit that made its write durable.
//
//   GroupCommit writers(absl::Seconds(5), [&](absl::Span<Write* const> turn) {
//     ... BEGIN; each write->status = body in a savepoint; COMMIT ...
//   });
//   absl::Status status = writers.Submit(body);
#pragma once

#include <deque>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
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

  // Runs `body` in some turn (possibly on another caller's thread, while
  // this one waits) and returns its status once that turn has committed.
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
    bool done = false;
  };

  // Runs turns while this caller's write is queued and no turn is running;
  // returns when it is done or was dropped after the wait limit.
  void LeadOrWait(Queued& mine) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const absl::Duration wait_limit_;
  const RunTurn run_turn_;
  absl::Mutex mu_;
  std::deque<Queued*> queue_ ABSL_GUARDED_BY(mu_);
  bool turn_running_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace nanoinfluence::sql
