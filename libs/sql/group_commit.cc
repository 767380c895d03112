#include "libs/sql/group_commit.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/sql/database_errors.h"

namespace nanoinfluence::sql {

GroupCommit::GroupCommit(absl::Duration wait_limit, RunTurn run_turn)
    : wait_limit_(wait_limit),
      run_turn_(std::move(run_turn)),
      writer_([this] { RunTurns(); }) {}

GroupCommit::~GroupCommit() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  writer_.join();
}

absl::Status GroupCommit::Submit(
    absl::FunctionRef<absl::Status(Connection&)> body) {
  Queued mine{.write = {.body = body, .status = absl::OkStatus()}};
  {
    absl::MutexLock lock(&mu_);
    queue_.push_back(&mine);
  }
  if (!mine.done.WaitForNotificationWithTimeout(wait_limit_)) {
    absl::MutexLock lock(&mu_);
    if (!mine.taken) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), &mine));
      CountDatabaseError(DatabaseErrorKind::kBusy);
      return absl::UnavailableError(
          absl::StrCat("database busy: no write turn within ",
                       absl::FormatDuration(wait_limit_)));
    }
  }
  // Taken by a turn: it is answered once that turn has committed.
  mine.done.WaitForNotification();
  return mine.write.status;
}

void GroupCommit::RunTurns() {
  absl::MutexLock lock(&mu_);
  const auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !turn_running_ && (stopping_ || !queue_.empty());
  };
  while (true) {
    mu_.Await(absl::Condition(&ready));
    if (queue_.empty()) return;  // stopping, and nothing left to run
    std::vector<Queued*> turn;
    std::vector<Write*> writes;
    while (!queue_.empty() && turn.size() < kMaxWritesPerTurn) {
      turn.push_back(queue_.front());
      writes.push_back(&queue_.front()->write);
      queue_.front()->taken = true;
      queue_.pop_front();
    }
    turn_running_ = true;
    mu_.Unlock();
    run_turn_(writes);
    // Each caller may return (and its Queued go) once notified.
    for (Queued* queued : turn) queued->done.Notify();
    mu_.Lock();
    turn_running_ = false;
  }
}

size_t GroupCommit::WaitingWrites() {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

bool GroupCommit::Enter() {
  absl::MutexLock lock(&mu_);
  const auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !turn_running_;
  };
  if (!mu_.AwaitWithTimeout(absl::Condition(&idle), wait_limit_)) {
    return false;
  }
  turn_running_ = true;
  return true;
}

void GroupCommit::Leave() {
  absl::MutexLock lock(&mu_);
  turn_running_ = false;
}

}  // namespace nanoinfluence::sql
