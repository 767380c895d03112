// The turn-taking of group commit, with a turn runner the test controls:
// writes that arrive while a turn runs share the next turn, each keeps its
// own status, and a write that never got a turn answers UNAVAILABLE.
#include "libs/sql/group_commit.h"

#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace nanoinfluence::sql {
namespace {

// What the turn runner hands the bodies; these bodies never use it.
class NoConnection final : public Connection {
 public:
  absl::StatusOr<ResultSet> Query(absl::string_view,
                                  absl::Span<const Value>) override {
    return absl::UnimplementedError("no database");
  }
  absl::Status QueryEach(absl::string_view, absl::Span<const Value>,
                         absl::FunctionRef<void(const Row&)>) override {
    return absl::UnimplementedError("no database");
  }
  absl::StatusOr<int64_t> Execute(absl::string_view,
                                  absl::Span<const Value>) override {
    return absl::UnimplementedError("no database");
  }
  absl::string_view dialect() const override { return "none"; }
  absl::Status ExecuteScript(absl::string_view) override {
    return absl::UnimplementedError("no database");
  }
};

// Counts the writes of each turn; the first turn waits for `release`.
class Turns {
 public:
  void Run(absl::Span<GroupCommit::Write* const> turn) {
    {
      absl::MutexLock lock(&mu_);
      sizes_.push_back(static_cast<int>(turn.size()));
    }
    if (first_) {
      first_ = false;
      started_.Notify();
      release_.WaitForNotification();
    }
    NoConnection connection;
    for (GroupCommit::Write* write : turn) {
      write->status = write->body(connection);
    }
  }
  std::vector<int> sizes() {
    absl::MutexLock lock(&mu_);
    return sizes_;
  }

  absl::Notification started_;
  absl::Notification release_;

 private:
  bool first_ = true;
  absl::Mutex mu_;
  std::vector<int> sizes_;
};

TEST(GroupCommitTest, WritesArrivingDuringATurnShareTheNext) {
  Turns turns;
  GroupCommit writers(absl::InfiniteDuration(),
                      [&](auto turn) { turns.Run(turn); });
  std::thread first([&] {
    EXPECT_TRUE(
        writers.Submit([](Connection&) { return absl::OkStatus(); }).ok());
  });
  turns.started_.WaitForNotification();
  constexpr int kWaiting = 5;
  std::vector<absl::Status> statuses(kWaiting);
  std::vector<std::thread> waiting;
  for (int i = 0; i < kWaiting; ++i) {
    waiting.emplace_back([&, i] {
      statuses[i] = writers.Submit([i](Connection&) {
        return i % 2 == 0 ? absl::OkStatus() : absl::AbortedError("odd");
      });
    });
  }
  while (writers.WaitingWrites() < kWaiting) std::this_thread::yield();
  turns.release_.Notify();
  first.join();
  for (std::thread& thread : waiting) thread.join();
  for (int i = 0; i < kWaiting; ++i) {
    EXPECT_EQ(statuses[i].code(),
              i % 2 == 0 ? absl::StatusCode::kOk : absl::StatusCode::kAborted);
  }
  EXPECT_EQ(turns.sizes(), std::vector<int>({1, kWaiting}));
}

TEST(GroupCommitTest, AWriteWithoutATurnWithinTheLimitIsUnavailable) {
  GroupCommit writers(absl::Milliseconds(20), [](auto turn) {
    for (GroupCommit::Write* write : turn) write->status = absl::OkStatus();
  });
  ASSERT_TRUE(writers.Enter());  // maintenance holds the only turn
  const absl::Status status =
      writers.Submit([](Connection&) { return absl::OkStatus(); });
  writers.Leave();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(
      writers.Submit([](Connection&) { return absl::OkStatus(); }).ok());
}

}  // namespace
}  // namespace nanoinfluence::sql
