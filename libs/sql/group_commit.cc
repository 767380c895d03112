#include "libs/sql/group_commit.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/sql/database_errors.h"

namespace nanoinfluence::sql {

GroupCommit::GroupCommit(absl::Duration wait_limit, RunTurn run_turn)
    : wait_limit_(wait_limit), run_turn_(std::move(run_turn)) {}

absl::Status GroupCommit::Submit(
    absl::FunctionRef<absl::Status(Connection&)> body) {
  Queued mine{.write = {.body = body, .status = absl::OkStatus()}};
  absl::MutexLock lock(&mu_);
  queue_.push_back(&mine);
  LeadOrWait(mine);
  return mine.write.status;
}

void GroupCommit::LeadOrWait(Queued& mine) {
  const absl::Time deadline = absl::Now() + wait_limit_;
  while (!mine.done) {
    const auto can_lead = [&] { return mine.done || !turn_running_; };
    const bool in_time =
        mu_.AwaitWithDeadline(absl::Condition(&can_lead),
                              mine.taken ? absl::InfiniteFuture() : deadline);
    if (mine.done) return;
    if (!in_time && !mine.taken) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), &mine));
      CountDatabaseError(DatabaseErrorKind::kBusy);
      mine.write.status = absl::UnavailableError(
          absl::StrCat("database busy: no write turn within ",
                       absl::FormatDuration(wait_limit_)));
      return;
    }
    if (turn_running_) continue;
    // No turn is running: this caller runs the next one for everyone
    // queued (its own write among them unless more than a turn's worth
    // queued ahead of it).
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
    mu_.Lock();
    turn_running_ = false;
    for (Queued* queued : turn) queued->done = true;
  }
}

size_t GroupCommit::WaitingWrites() {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

bool GroupCommit::Enter() {
  absl::MutexLock lock(&mu_);
  const auto idle = [&] { return !turn_running_; };
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
