// The whole suite under faults, with real processes (docs/reliability.md):
// a mixed workload runs on three client threads while one kind of fault is
// injected, round after round; then every service runs again and the
// invariants of invariants.h must hold.
//   - KillNine: each service killed with SIGKILL at random moments and
//     restarted on its files and port;
//   - Redis: stopped and restarted, flushed, paused (CLIENT PAUSE), frozen
//     (SIGSTOP); no call may fail or time out meanwhile;
//   - PeerCutOff: ugc -> dispatch and dispatch -> recruitment blackholed or
//     delayed behind a proxy, and dispatch stopped while the others run;
//   - RollingRestart: SIGTERM to each service in turn under load; each
//     exits 0;
//   - DiskFull: dispatch or ugc restarted with a file-size limit
//     (RLIMIT_FSIZE), then freed.
// Rounds: NANO_FAULT_ROUNDS (default 20) kills per service; the other
// faults a quarter or a tenth of it (at least 2 to 5). NANO_CI=1 keeps the
// default.
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <random>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.grpc.pb.h"
#include "tests/dispatch/dispatch_suite.h"
#include "tests/fault/fault_suite.h"
#include "tests/fault/invariants.h"
#include "tests/fault/workload.h"
#include "tests/harness/eventually.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {
namespace {

constexpr int kClients = 3;

int Rounds() {
  int rounds = 20;
  if (const char* set = std::getenv("NANO_FAULT_ROUNDS")) {
    if (!absl::SimpleAtoi(set, &rounds) || rounds < 1) rounds = 20;
  }
  return rounds;
}

class SuiteFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(suite_.ok()) << suite_.error();
    workload_ = std::make_unique<Workload>(suite_, kClients);
    started_ = absl::Now();
  }

  // Lets the workload run for a random moment.
  void Pause(int min_ms, int max_ms) {
    absl::SleepFor(absl::Milliseconds(
        std::uniform_int_distribution<int>(min_ms, max_ms)(random_)));
  }

  // Stops the workload, brings back whatever is down, checks.
  void StopAndCheck(const std::string& fault, int rounds) {
    workload_->Stop();
    for (const std::string& service : SuiteServiceNames()) {
      if (!suite_.running(service)) {
        ASSERT_TRUE(suite_.Start(service)) << suite_.error();
      }
    }
    const CallStats stats = workload_->stats();
    std::cout << fault << ": " << rounds << " rounds in "
              << absl::ToInt64Seconds(absl::Now() - started_) << " s\n";
    ExpectInvariants(suite_, workload_->acknowledged(), stats);
    last_stats_ = stats;
  }

  // Whether dispatch refuses, naming its disk, a stock write on a line it
  // already has. The workload's own dispatch writes may all be waiting for
  // new campaigns that dispatch cannot record while its disk is full (the
  // relay's deliveries are refused too), so the test sends one itself: the
  // units the line has on hand now, read first, which change nothing if it
  // gets through. (The units first set would not do: once some have
  // shipped they are no longer on hand, and setting them again adds stock.)
  bool DispatchRefusesAStockWrite() {
    for (const auto& [id, campaign] : workload_->acknowledged().campaigns) {
      if (campaign.stock_set < 0) continue;
      auto stub =
          dispatch_v1::DispatchService::NewStub(suite_.Channel("dispatch"));
      dispatch_v1::GetStockRequest get;
      get.set_campaign_id(id);
      get.set_sku("OAT");
      dispatch_v1::Stock line;
      grpc::ClientContext read;
      AddBearer(read, BrandCaller(campaign.brand_id));
      read.set_deadline(absl::ToChronoTime(absl::Now() + Workload::kDeadline));
      if (!stub->GetStock(&read, get, &line).ok()) return false;
      dispatch_v1::SetStockRequest set = StockRequest(
          id, "OAT", line.units_available() + line.units_allocated());
      // A line that moved since the read is refused (ABORTED), not changed.
      set.set_expected_version(line.version());
      grpc::ClientContext write;
      AddBearer(write, BrandCaller(campaign.brand_id));
      write.set_deadline(absl::ToChronoTime(absl::Now() + Workload::kDeadline));
      dispatch_v1::SetStockResponse response;
      return NamesTheDisk(stub->SetStock(&write, set, &response));
    }
    return false;
  }

  FaultSuite suite_;
  std::unique_ptr<Workload> workload_;
  std::mt19937 random_{20261127};
  absl::Time started_;
  CallStats last_stats_;
};

TEST_F(SuiteFaultTest, KillNineEachServiceAtRandomMoments) {
  const int per_service = Rounds();
  std::vector<std::string> victims;
  for (const std::string& service : SuiteServiceNames()) {
    victims.insert(victims.end(), per_service, service);
  }
  std::shuffle(victims.begin(), victims.end(), random_);
  for (size_t round = 0; round < victims.size(); ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round, ": ", victims[round]));
    Pause(50, 400);
    suite_.Kill(victims[round]);
    // Sometimes the callers find it down for a while.
    if (round % 4 == 0) Pause(100, 500);
    ASSERT_TRUE(suite_.Start(victims[round])) << suite_.error();
  }
  Pause(300, 300);
  StopAndCheck("kill -9", static_cast<int>(victims.size()));
}

TEST_F(SuiteFaultTest, RedisStoppedFlushedPausedRestarted) {
  const int rounds = std::max(2, Rounds() / 10);
  RedisServer& redis = suite_.redis();
  for (int round = 0; round < rounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    Pause(200, 500);
    redis.Stop();
    Pause(1000, 1500);
    ASSERT_TRUE(redis.Restart().ok());
    Pause(200, 500);
    EXPECT_TRUE(redis.Command("FLUSHALL").ok());
    Pause(200, 500);
    EXPECT_TRUE(redis.Command("CLIENT PAUSE 1500 ALL").ok());
    Pause(1500, 1800);
    redis.Signal(SIGSTOP);
    Pause(1000, 1500);
    redis.Signal(SIGCONT);
  }
  Pause(300, 300);
  StopAndCheck("redis", rounds * 4);
  // Redis is a cache: nothing may fail or wait for it.
  EXPECT_EQ(last_stats_.Count(grpc::StatusCode::UNAVAILABLE), 0);
  EXPECT_EQ(last_stats_.Count(grpc::StatusCode::DEADLINE_EXCEEDED), 0);
}

TEST_F(SuiteFaultTest, PeerCutOffBehindAProxy) {
  const int rounds = std::max(2, Rounds() / 10);
  TcpProxy* ugc_dispatch = suite_.Proxy("ugc", "dispatch");
  TcpProxy* dispatch_recruitment = suite_.Proxy("dispatch", "recruitment");
  ASSERT_NE(ugc_dispatch, nullptr);
  ASSERT_NE(dispatch_recruitment, nullptr);
  for (int round = 0; round < rounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    Pause(300, 600);
    ugc_dispatch->Blackhole();
    Pause(2000, 2500);
    ugc_dispatch->Delay(absl::Milliseconds(300));
    Pause(1500, 2000);
    ugc_dispatch->Pass();
    Pause(300, 600);
    dispatch_recruitment->Blackhole();
    Pause(2000, 2500);
    dispatch_recruitment->Pass();
    Pause(300, 600);
    // The peer itself stopped a while, not just cut off.
    EXPECT_EQ(suite_.Stop("dispatch"), 0);
    Pause(1500, 2000);
    ASSERT_TRUE(suite_.Start("dispatch")) << suite_.error();
  }
  Pause(300, 300);
  StopAndCheck("peer cut off", rounds * 3);
}

TEST_F(SuiteFaultTest, RollingRestartWithSigterm) {
  const int rounds = std::max(5, Rounds() / 4);
  int stops = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const std::string& service : SuiteServiceNames()) {
      SCOPED_TRACE(absl::StrCat("round ", round, ": ", service));
      Pause(100, 400);
      EXPECT_EQ(suite_.Stop(service), 0) << "not a graceful exit";
      ASSERT_TRUE(suite_.Start(service)) << suite_.error();
      ++stops;
    }
  }
  Pause(300, 300);
  StopAndCheck("sigterm", stops);
}

TEST_F(SuiteFaultTest, DiskFullThenFreed) {
  const int rounds = std::max(2, Rounds() / 10);
  for (int round = 0; round < rounds; ++round) {
    const std::string victim = round % 2 == 0 ? "dispatch" : "ugc";
    SCOPED_TRACE(absl::StrCat("round ", round, ": ", victim));
    Pause(300, 600);
    EXPECT_EQ(suite_.Stop(victim), 0);
    // Room for a few pages in the WAL (the main file is larger already
    // and cannot grow), then EFBIG on every write that grows a file: a
    // full disk as SQLite sees it.
    SubprocessLimits full;
    full.file_size_bytes = 64 * 1024;
    ASSERT_TRUE(suite_.Start(victim, full)) << suite_.error();
    // Until a write was refused as UNAVAILABLE naming the disk (the
    // clients may first wait for a relay to reach the restarted victim),
    // and a while longer; the process keeps serving meanwhile.
    const int64_t before = workload_->stats().disk_errors;
    EXPECT_TRUE(Eventually(
        [&] {
          if (workload_->stats().disk_errors > before) return true;
          if (victim != "dispatch") return false;
          absl::SleepFor(absl::Milliseconds(200));
          return DispatchRefusesAStockWrite();
        },
        absl::Seconds(30)))
        << "the full disk refused nothing";
    Pause(1000, 1500);
    EXPECT_TRUE(suite_.running(victim)) << "a full disk ended the process";
    std::cout << victim << " with a full disk: "
              << workload_->stats().disk_errors - before
              << " writes answered UNAVAILABLE (disk I/O error)\n";
    suite_.Kill(victim);
    ASSERT_TRUE(suite_.Start(victim)) << suite_.error();
  }
  Pause(500, 500);
  StopAndCheck("disk full", rounds);
}

}  // namespace
}  // namespace nanoinfluence::testing
