// The tier reader's near cache on its own, with the clock in the test's
// hands: copies answer within their TTL, invalidations and flushes keep out
// fetches in flight, and copies past their TTL do not stay in memory when
// nobody asks for them again.
#include "libs/tiers/near_cache.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/tiers/test_tier_record.h"

namespace nanoinfluence::tiers {
namespace {

using common::v1::TierRecord;
using ::nanoinfluence::testing::TestTierRecord;

constexpr absl::Duration kTtl = absl::Minutes(5);
const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

void Store(NearCache& cache, const TierRecord& record, absl::Time now) {
  cache.Put(record, cache.Epoch(record.ambassador_id()), now);
}

TEST(NearCacheTest, ACopyAnswersWithinItsTtlOnly) {
  NearCache cache(100, kTtl);
  Store(cache, TestTierRecord("a", 3), kStart);
  ASSERT_TRUE(cache.Get("a", kStart + kTtl).has_value());
  EXPECT_EQ(cache.Get("a", kStart + kTtl)->version(), 3);
  EXPECT_FALSE(cache.Get("a", kStart + kTtl + absl::Seconds(1)).has_value());
  EXPECT_FALSE(cache.Get("b", kStart).has_value());
}

TEST(NearCacheTest, AFetchAcrossAnInvalidationOfItsKeyIsNotKept) {
  NearCache cache(100, kTtl);
  const uint64_t epoch = cache.Epoch("a");
  cache.Invalidate("a");
  cache.Put(TestTierRecord("a"), epoch, kStart);
  EXPECT_FALSE(cache.Get("a", kStart).has_value());
  // A fetch started after the invalidation is kept.
  Store(cache, TestTierRecord("a"), kStart);
  EXPECT_TRUE(cache.Get("a", kStart).has_value());
}

TEST(NearCacheTest, AFlushEvictsEverythingAndEveryFetchInFlight) {
  NearCache cache(100, kTtl);
  Store(cache, TestTierRecord("a"), kStart);
  const uint64_t epoch_of_b = cache.Epoch("b");
  cache.Flush();
  cache.Put(TestTierRecord("b"), epoch_of_b, kStart);
  EXPECT_EQ(cache.size(), 0u);
}

// The memory: under sustained load every second brings ambassadors looked
// up once. Copies past their TTL leave at the next sweep, so what is held
// is the last TTL's worth, far below the capacity.
TEST(NearCacheTest, CopiesPastTheirTtlLeaveMemoryWithoutBeingAskedFor) {
  NearCache cache(100'000, kTtl);
  absl::Time now = kStart;
  // 20 minutes at 10 new ambassadors a second.
  for (int second = 0; second < 20 * 60; ++second) {
    for (int i = 0; i < 10; ++i) {
      Store(cache, TestTierRecord(absl::StrCat("amb-", second, "-", i)), now);
    }
    now += absl::Seconds(1);
  }
  // At most a TTL and one sweep interval's worth (6 minutes), not all
  // 12,000.
  EXPECT_LE(cache.size(), 10u * 6 * 60);
  EXPECT_GE(cache.size(), 10u * 5 * 60);
  // The newest copies are still there.
  EXPECT_TRUE(cache.Get("amb-1199-9", now).has_value());
}

TEST(NearCacheTest, PastItsCapacityItStartsOver) {
  NearCache cache(3, kTtl);
  for (const char* id : {"a", "b", "c", "d"})
    Store(cache, TestTierRecord(id), kStart);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.Get("d", kStart).has_value());
}

}  // namespace
}  // namespace nanoinfluence::tiers
