// The Redis fixture itself: a real server that answers, stops and restarts.
#include "tests/harness/redis_server.h"

#include <signal.h>

#include "gtest/gtest.h"

namespace nanoinfluence::testing {
namespace {

TEST(RedisServerTest, StartsAnswersStopsAndRestarts) {
  auto redis = RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  EXPECT_GT((*redis)->port(), 0);
  EXPECT_EQ((*redis)->Ping().value_or(""), "PONG");

  (*redis)->Stop();
  EXPECT_FALSE((*redis)->Ping().ok());

  ASSERT_TRUE((*redis)->Restart().ok());
  EXPECT_EQ((*redis)->Ping().value_or(""), "PONG");
}

TEST(RedisServerTest, RunsACommand) {
  auto redis = RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  EXPECT_EQ((*redis)->Command("SET fault-key 7").value_or(""), "OK");
  EXPECT_EQ((*redis)->Command("GET fault-key").value_or(""), "7");
  EXPECT_EQ((*redis)->Command("FLUSHALL").value_or(""), "OK");
  EXPECT_EQ((*redis)->Command("DBSIZE").value_or(""), "0");
  EXPECT_FALSE((*redis)->Command("NO-SUCH-COMMAND").ok());
}

TEST(RedisServerTest, TwoServersGetDistinctPorts) {
  auto first = RedisServer::Start();
  auto second = RedisServer::Start();
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE((*first)->port(), (*second)->port());
}

}  // namespace
}  // namespace nanoinfluence::testing
