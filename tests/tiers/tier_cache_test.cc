// The tier cache on a real redis-server: the writer's version ordering and
// TTL, the reader's layers (near cache, Redis, source), single-flight, batch
// lookups, invalidations between readers, and Redis failing in every way
// without a lookup failing.
#include "libs/tiers/tier_cache.h"

#include <signal.h>

#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/redis/redis_pool.h"
#include "libs/tiers/tier_reader.h"
#include "tests/harness/eventually.h"
#include "tests/harness/redis_server.h"
#include "tests/tiers/table_tier_source.h"

namespace nanoinfluence::testing {
namespace {

using common::v1::TierRecord;

class TierCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = RedisServer::Start();
    ASSERT_TRUE(started.ok()) << started.status();
    redis_server_ = *std::move(started);
    options_.host = "127.0.0.1";
    options_.port = redis_server_->port();
    pool_ = std::make_unique<redis::RedisPool>(options_);
    writer_ = std::make_unique<tiers::TierCacheWriter>(*pool_);
  }

  std::unique_ptr<tiers::TierReader> Reader() {
    tiers::TierReaderOptions options;
    options.redis = options_;
    auto reader = std::make_unique<tiers::TierReader>(options, source_);
    EXPECT_TRUE(Eventually([&] { return reader->near_cache_live(); }));
    return reader;
  }

  std::optional<TierRecord> InRedis(const std::string& id) {
    auto reply = pool_->Command({"GET", tiers::TierCacheKey(id)});
    if (!reply.ok() || reply->is_nil()) return std::nullopt;
    TierRecord record;
    record.ParseFromString(reply->str());
    return record;
  }

  std::unique_ptr<RedisServer> redis_server_;
  redis::RedisOptions options_;
  std::unique_ptr<redis::RedisPool> pool_;
  std::unique_ptr<tiers::TierCacheWriter> writer_;
  TableTierSource source_;
};

TEST_F(TierCacheTest, AnOlderVersionNeverReplacesANewerOne) {
  TierRecord v2 = source_.Set("a", 5'000, 2);
  ASSERT_TRUE(writer_->Put(v2).value());
  TierRecord v1 = source_.Set("a", 10, 1);
  EXPECT_FALSE(writer_->Put(v1).value());
  EXPECT_EQ(InRedis("a")->version(), 2);
  TierRecord v3 = source_.Set("a", 200'000, 3);
  EXPECT_TRUE(writer_->Put(v3).value());
  EXPECT_EQ(InRedis("a")->tier(), common::v1::TIER_MACRO);
  // Large versions survive the script's varint reading.
  TierRecord big = source_.Set("a", 1, int64_t{1} << 40);
  EXPECT_TRUE(writer_->Put(big).value());
  EXPECT_FALSE(
      writer_->Put(source_.Set("a", 1, (int64_t{1} << 40) - 1)).value());
}

TEST_F(TierCacheTest, RecordsExpireWithinTheTtlMinusJitter) {
  tiers::TierCacheWriter writer(*pool_, absl::Seconds(100));
  ASSERT_TRUE(writer.Put(source_.Set("a", 1, 1)).ok());
  const int64_t ttl_ms =
      pool_->Command({"PTTL", tiers::TierCacheKey("a")})->integer();
  EXPECT_GT(ttl_ms, 89'000);
  EXPECT_LE(ttl_ms, 100'000);
  // Erasure: a tombstone for an hour.
  ASSERT_TRUE(writer.Erase("a").ok());
  EXPECT_TRUE(tiers::IsTombstone(*InRedis("a")));
  EXPECT_LE(pool_->Command({"PTTL", tiers::TierCacheKey("a")})->integer(),
            3'600'000);
}

TEST_F(TierCacheTest, AMissFallsBackOnceAndRepopulates) {
  source_.Set("a", 2'000, 1);
  auto reader = Reader();
  EXPECT_EQ(reader->Get("a")->tier(), common::v1::TIER_MICRO);
  EXPECT_EQ(source_.calls(), 1);
  EXPECT_EQ(InRedis("a")->audience(), 2'000);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(reader->Get("a")->audience(), 2'000);
  EXPECT_EQ(source_.calls(), 1);
  EXPECT_EQ(reader->Get("nobody").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(TierCacheTest, AHitComesFromRedisThenFromTheNearCache) {
  ASSERT_TRUE(writer_->Put(source_.Set("a", 7, 1)).ok());
  auto reader = Reader();
  EXPECT_EQ(reader->Get("a")->audience(), 7);
  EXPECT_EQ(reader->Get("a")->audience(), 7);
  EXPECT_EQ(reader->counters().redis_hits, 1);
  EXPECT_EQ(reader->counters().near_hits, 1);
  EXPECT_EQ(source_.calls(), 0);
}

TEST_F(TierCacheTest, ConcurrentMissesOfOneKeyCallTheSourceOnce) {
  source_.Set("hot", 50, 1);
  source_.SetDelay(absl::Milliseconds(200));
  auto reader = Reader();
  std::vector<std::thread> threads;
  std::atomic<int> answered = 0;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (reader->Get("hot").ok()) ++answered;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(answered, 8);
  EXPECT_EQ(source_.calls(), 1);
}

TEST_F(TierCacheTest, BatchLookupsAskTheSourceOnlyForWhatIsMissing) {
  ASSERT_TRUE(writer_->Put(source_.Set("a", 1, 1)).ok());
  ASSERT_TRUE(writer_->Put(source_.Set("b", 2, 1)).ok());
  source_.Set("c", 3'000, 1);
  source_.Set("d", 300'000, 1);
  auto reader = Reader();
  auto records = reader->GetMany({"c", "a", "nobody", "d", "b", "a"});
  ASSERT_TRUE(records.ok()) << records.status();
  std::vector<std::string> ids;
  for (const TierRecord& record : *records)
    ids.push_back(record.ambassador_id());
  EXPECT_EQ(ids, (std::vector<std::string>{"c", "a", "d", "b"}));
  EXPECT_EQ(source_.last_batch(),
            (std::vector<std::string>{"c", "nobody", "d"}));
  EXPECT_EQ(InRedis("d")->tier(), common::v1::TIER_MACRO);
  // Now all cached: no more source calls.
  ASSERT_TRUE(reader->GetMany({"a", "b", "c", "d"}).ok());
  EXPECT_EQ(source_.calls(), 1);
  EXPECT_GE(reader->counters().near_hits, 2);
}

TEST_F(TierCacheTest, AChangeReachesAnotherReadersNearCache) {
  ASSERT_TRUE(writer_->Put(source_.Set("a", 10, 1)).ok());
  auto reader = Reader();
  EXPECT_EQ(reader->Get("a")->version(), 1);
  EXPECT_EQ(reader->Get("a")->version(), 1);
  EXPECT_EQ(reader->counters().near_hits, 1);
  ASSERT_TRUE(writer_->Put(source_.Set("a", 20'000, 2)).ok());
  EXPECT_TRUE(Eventually([&] { return reader->Get("a")->version() == 2; }));
  EXPECT_GE(reader->counters().invalidations, 1);
  EXPECT_EQ(source_.calls(), 0);
}

// Invalidations arriving together (one socket read) are all applied, with
// no later write needed to push them through.
TEST_F(TierCacheTest, ChangesInQuickSuccessionAllReachTheNearCache) {
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_TRUE(writer_->Put(source_.Set(id, 10, 1)).ok());
  }
  auto reader = Reader();
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_EQ(reader->Get(id)->version(), 1);
    ASSERT_EQ(reader->Get(id)->version(), 1);
  }
  ASSERT_TRUE(writer_
                  ->PutMany({source_.Set("a", 20, 2), source_.Set("b", 20, 2),
                             source_.Set("c", 20, 2)})
                  .ok());
  EXPECT_TRUE(Eventually([&] {
    return reader->Get("a")->version() == 2 &&
           reader->Get("b")->version() == 2 && reader->Get("c")->version() == 2;
  }));
}

TEST_F(TierCacheTest, ErasureLeavesATombstoneNoWriteBackCanUndo) {
  ASSERT_TRUE(writer_->Put(source_.Set("a", 10, 1)).ok());
  auto reader = Reader();
  ASSERT_TRUE(reader->Get("a").ok());
  ASSERT_TRUE(writer_->Erase("a").ok());
  // A write-back of an answer fetched before the erasure is refused.
  EXPECT_FALSE(writer_->Put(source_.Set("a", 10, 5)).value());
  EXPECT_TRUE(Eventually([&] {
    return reader->Get("a").status().code() == absl::StatusCode::kNotFound;
  }));
  auto batch = reader->GetMany({"a"});
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->empty());
  EXPECT_EQ(source_.calls(), 0) << "an erased record is not looked up";
}

TEST_F(TierCacheTest, VersionsCompareExactlyAndBadStoredValuesAreReplaced) {
  const int64_t two_53 = int64_t{1} << 53;
  ASSERT_TRUE(writer_->Put(source_.Set("a", 1, two_53 + 1)).value());
  EXPECT_FALSE(writer_->Put(source_.Set("a", 1, two_53)).value());
  ASSERT_TRUE(
      writer_->Put(source_.Set("b", 1, 1'000'000'000'000'000'001)).value());
  EXPECT_FALSE(
      writer_->Put(source_.Set("b", 1, 1'000'000'000'000'000'000)).value());
  // Not a TierRecord, a truncated varint, a negative version: overwritten.
  TierRecord negative = source_.Set("c", 1, 1);
  negative.set_version(-1);
  for (const std::string& stored :
       {std::string("garbage"), std::string("\x20\xff", 2),
        negative.SerializeAsString()}) {
    ASSERT_TRUE(pool_->Command({"SET", tiers::TierCacheKey("c"), stored}).ok());
    EXPECT_TRUE(writer_->Put(source_.Set("c", 1, 3)).value());
  }
}

TEST_F(TierCacheTest, RedisDownMeansFallbackNotFailure) {
  source_.Set("a", 10, 1);
  auto reader = Reader();
  redis_server_->Signal(SIGKILL);
  for (int i = 0; i < 20; ++i) {
    auto record = reader->Get("a");
    ASSERT_TRUE(record.ok()) << record.status();
  }
  EXPECT_GT(reader->counters().fallbacks, 0);
  EXPECT_GT(reader->counters().redis_errors, 0);
  EXPECT_TRUE(Eventually([&] { return !reader->near_cache_live(); }));
  auto batch = reader->GetMany({"a", "nobody"});
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->size(), 1u);
}

// A paused Redis answers nothing: the socket timeout ends the call and the
// source answers (a call that waited for the pause to end would have been
// answered by Redis instead).
TEST_F(TierCacheTest, RedisPausedMeansFallbackAfterTheTimeout) {
  ASSERT_TRUE(writer_->Put(source_.Set("a", 10, 1)).ok());
  tiers::TierReaderOptions options;
  options.redis = options_;
  options.near_cache_entries = 0;  // every lookup goes to Redis
  tiers::TierReader reader(options, source_);
  ASSERT_TRUE(pool_->Command({"CLIENT", "PAUSE", "3000", "ALL"}).ok());
  auto record = reader.Get("a");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(reader.counters().fallbacks, 1);
  // The lookup, and the write-back of the source's answer.
  EXPECT_EQ(reader.counters().redis_errors, 2);
}

TEST_F(TierCacheTest, RedisFlushedRefillsFromTheSource) {
  ASSERT_TRUE(writer_->Put(source_.Set("a", 10, 1)).ok());
  auto reader = Reader();
  EXPECT_EQ(reader->Get("a")->version(), 1);
  ASSERT_TRUE(pool_->Command({"FLUSHALL"}).ok());
  source_.Set("a", 20, 2);
  EXPECT_TRUE(Eventually([&] { return reader->Get("a")->version() == 2; }));
  EXPECT_EQ(InRedis("a")->version(), 2);
}

// While Redis restarts, invalidations are lost: the near cache is dropped and
// nothing read before survives.
TEST_F(TierCacheTest, RedisRestartedLeavesNothingStale) {
  ASSERT_TRUE(writer_->Put(source_.Set("a", 10, 1)).ok());
  auto reader = Reader();
  EXPECT_EQ(reader->Get("a")->version(), 1);
  redis_server_->Stop();
  ASSERT_TRUE(redis_server_->Restart().ok());
  // Written while the reader may not be listening yet.
  ASSERT_TRUE(writer_->Put(source_.Set("a", 20, 2)).ok());
  EXPECT_TRUE(Eventually([&] { return reader->near_cache_live(); }));
  EXPECT_EQ(reader->Get("a")->version(), 2);
}

}  // namespace
}  // namespace nanoinfluence::testing
