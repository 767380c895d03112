// The write-back's memory of what it wrote: a record is not written twice
// within a minute, is written again after it or at a new version, and what
// was written more than a minute ago leaves memory.
#include "services/recruitment/recent_tier_writes.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/tiers/test_tier_record.h"

namespace nanoinfluence::recruitment {
namespace {

using ::nanoinfluence::testing::TestTierRecord;

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

TEST(RecentTierWritesTest, ARecordIsWrittenOnceAMinuteOrAtANewVersion) {
  RecentTierWrites writes;
  EXPECT_TRUE(writes.ShouldWrite(TestTierRecord("a"), kStart));
  EXPECT_FALSE(
      writes.ShouldWrite(TestTierRecord("a"), kStart + absl::Seconds(59)));
  EXPECT_TRUE(
      writes.ShouldWrite(TestTierRecord("a", 2), kStart + absl::Seconds(59)));
  EXPECT_TRUE(
      writes.ShouldWrite(TestTierRecord("a", 2), kStart + absl::Seconds(120)));
}

// Under sustained load every second brings ambassadors read once: what is
// remembered is the last minute or two of them, not everyone since start.
TEST(RecentTierWritesTest, WritesOlderThanAMinuteLeaveMemory) {
  RecentTierWrites writes;
  absl::Time now = kStart;
  // 20 minutes at 50 new ambassadors a second: 60,000, under the cap.
  for (int second = 0; second < 20 * 60; ++second) {
    for (int i = 0; i < 50; ++i) {
      EXPECT_TRUE(writes.ShouldWrite(
          TestTierRecord(absl::StrCat(second, "-", i)), now));
    }
    now += absl::Seconds(1);
  }
  EXPECT_LE(writes.size(), 50u * 2 * 60);
  EXPECT_FALSE(writes.ShouldWrite(TestTierRecord("1199-49"), now));
}

}  // namespace
}  // namespace nanoinfluence::recruitment
