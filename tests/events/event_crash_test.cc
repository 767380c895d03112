// The event pipeline under crashes, with real processes: a producer records
// writes and relays their events to a subscriber while either, or both, is
// killed with SIGKILL at random moments and restarted. At the end the
// subscriber holds exactly one application of every acknowledged write:
// nothing lost, nothing doubled.
//
// Rounds: 30 by default and in CI; NANO_EVENT_CRASH_ROUNDS=500 for a long run.
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/auth/transport_security.h"
#include "libs/probe/health_probe.h"
#include "tests/events/ledger.h"
#include "tests/harness/eventually.h"
#include "tests/harness/free_port.h"
#include "tests/harness/service_process.h"
#include "tests/harness/subprocess.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {
namespace {

int Rounds() {
  int rounds = 30;
  if (const char* set = std::getenv("NANO_EVENT_CRASH_ROUNDS")) {
    absl::SimpleAtoi(set, &rounds);
  }
  return rounds;
}

class EventCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    secret_ = WriteTestSecret(dir_.path()).value();
    port_ = PickFreePort().value();
  }

  std::vector<std::string> Common() {
    return {absl::StrCat(NANO_BUILD_DIR, "/tests/events/event_node"),
            absl::StrCat("--data_dir=", dir_.path()),
            absl::StrCat("--jwt_secret_file=", secret_)};
  }

  void StartSubscriber() {
    std::vector<std::string> argv = Common();
    argv.push_back("--mode=subscriber");
    argv.push_back(absl::StrCat("--listen=127.0.0.1:", port_));
    subscriber_ = Subprocess::Start(argv, dir_.File("subscriber.log")).value();
    // A fresh channel per probe: a channel that failed to connect waits out
    // gRPC's reconnect backoff (seconds) before it tries again.
    const bool serving = Eventually(
        [&] {
          auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_),
                                             *auth::ChannelCredentialsFor({}));
          return CheckHealth(channel, "", absl::Milliseconds(500)).ok();
        },
        absl::Seconds(30));
    ASSERT_TRUE(serving) << TailOfFile(dir_.File("subscriber.log"));
  }

  void StartProducer(int64_t writes) {
    std::vector<std::string> argv = Common();
    argv.push_back("--mode=producer");
    argv.push_back(absl::StrCat("--subscriber=127.0.0.1:", port_));
    argv.push_back(absl::StrCat("--writes=", writes));
    // About as long as the rounds take, so most kills hit a busy pipeline.
    argv.push_back("--writes_per_second=300");
    argv.push_back("--batch_size=50");
    producer_ = Subprocess::Start(argv, dir_.File("producer.log")).value();
  }

  static void Kill(std::unique_ptr<Subprocess>& process) {
    process->Signal(SIGKILL);
    process->Wait();
  }

  int64_t Count(const std::string& file, const std::string& query) {
    auto db = OpenLedgerDatabase(dir_.File(file));
    if (!db.ok()) return -1;
    auto rows = (*db)->Query(query);
    return rows.ok() ? rows->rows[0].Int(0) : -1;
  }

  TempDir dir_;
  std::string secret_;
  int port_ = 0;
  std::unique_ptr<Subprocess> subscriber_;
  std::unique_ptr<Subprocess> producer_;
};

TEST_F(EventCrashTest, NothingLostNothingDoubledAcrossKills) {
  const int rounds = Rounds();
  const int64_t writes = rounds * 60;
  std::mt19937 random(20261126);
  ASSERT_NO_FATAL_FAILURE(StartSubscriber());
  StartProducer(writes);
  for (int round = 0; round < rounds; ++round) {
    absl::SleepFor(absl::Milliseconds(
        std::uniform_int_distribution<int>(20, 250)(random)));
    const int victim = std::uniform_int_distribution<int>(0, 2)(random);
    if (victim != 1) Kill(producer_);
    if (victim != 0) Kill(subscriber_);
    if (victim != 0) {
      ASSERT_NO_FATAL_FAILURE(StartSubscriber());
    }
    if (victim != 1) StartProducer(writes);
  }
  // Let the producer finish its writes and the relay drain.
  const absl::Time give_up = absl::Now() + absl::Minutes(3);
  int64_t acknowledged = 0;
  int64_t applied = 0;
  while (absl::Now() < give_up) {
    acknowledged = Count("producer.db", "SELECT COUNT(*) FROM ledger");
    applied = Count("subscriber.db", "SELECT COUNT(*) FROM arrivals");
    // Done, or already wrong (more applied than written).
    if (acknowledged == writes && applied >= writes) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_EQ(acknowledged, writes) << TailOfFile(dir_.File("producer.log"));
  ASSERT_EQ(applied, writes) << TailOfFile(dir_.File("producer.log"));
  producer_->Signal(SIGTERM);
  EXPECT_EQ(producer_->Wait(), 0);
  subscriber_->Signal(SIGTERM);
  EXPECT_EQ(subscriber_->Wait(), 0);

  // Every acknowledged write applied exactly once, content by content.
  auto producer = OpenLedgerDatabase(dir_.File("producer.db")).value();
  auto subscriber = OpenLedgerDatabase(dir_.File("subscriber.db")).value();
  auto expected = producer->Query(
      "SELECT content_id, SUM(views), COUNT(*) FROM ledger "
      "GROUP BY content_id ORDER BY content_id");
  auto actual = subscriber->Query(
      "SELECT content_id, views, events FROM totals ORDER BY content_id");
  ASSERT_TRUE(expected.ok() && actual.ok());
  ASSERT_EQ(expected->rows.size(), actual->rows.size());
  for (size_t i = 0; i < expected->rows.size(); ++i) {
    EXPECT_EQ(actual->rows[i].Text(0), expected->rows[i].Text(0));
    EXPECT_EQ(actual->rows[i].Int(1), expected->rows[i].Int(1));
    EXPECT_EQ(actual->rows[i].Int(2), expected->rows[i].Int(2));
  }
  EXPECT_EQ(subscriber->Query("SELECT COUNT(DISTINCT sequence) FROM arrivals")
                ->rows[0]
                .Int(0),
            writes);
  for (auto* db : {producer.get(), subscriber.get()}) {
    EXPECT_EQ(db->Query("PRAGMA integrity_check")->rows[0].Text(0), "ok");
  }
}

}  // namespace
}  // namespace nanoinfluence::testing
