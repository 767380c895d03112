#include "services/kpi/domain/uplift.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nanoinfluence::kpi {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

StoreFigures Exposed(std::string id, std::optional<int64_t> before,
                     std::optional<int64_t> during) {
  return {std::move(id), true, before, during};
}

StoreFigures Control(std::string id, std::optional<int64_t> before,
                     std::optional<int64_t> during) {
  return {std::move(id), false, before, during};
}

// Uneven stores, so that resamples differ and the interval has width.
std::vector<StoreFigures> HeterogeneousStudy() {
  return {
      Exposed("e1", 120, 150), Exposed("e2", 80, 110),  Exposed("e3", 200, 230),
      Exposed("e4", 50, 70),   Exposed("e5", 95, 100),  Exposed("e6", 160, 210),
      Control("c1", 100, 105), Control("c2", 140, 150), Control("c3", 60, 58),
      Control("c4", 210, 220), Control("c5", 75, 80),
  };
}

void ExpectIdentical(const Uplift& a, const Uplift& b) {
  EXPECT_EQ(a.refusal, b.refusal);
  EXPECT_EQ(a.refusal_detail, b.refusal_detail);
  // Exact comparisons on purpose: reproducibility is promised bit for bit.
  EXPECT_EQ(a.uplift, b.uplift);
  EXPECT_EQ(a.ci_low, b.ci_low);
  EXPECT_EQ(a.ci_high, b.ci_high);
  EXPECT_EQ(a.exposed_ratio, b.exposed_ratio);
  EXPECT_EQ(a.control_ratio, b.control_ratio);
  EXPECT_EQ(a.exposed.before, b.exposed.before);
  EXPECT_EQ(a.exposed.during, b.exposed.during);
  EXPECT_EQ(a.control.before, b.control.before);
  EXPECT_EQ(a.control.during, b.control.during);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.discarded_resamples, b.discarded_resamples);
  EXPECT_EQ(a.incomplete_stores, b.incomplete_stores);
}

TEST(UpliftTest, PointEstimateIsTheDifferenceInDifferencesOfTotals) {
  const Uplift result =
      ComputeUplift({Exposed("e1", 100, 130), Exposed("e2", 100, 130),
                     Control("c1", 100, 110), Control("c2", 100, 110)},
                    {});

  EXPECT_EQ(result.refusal, Refusal::kNone);
  EXPECT_EQ(result.refusal_detail, "");
  EXPECT_EQ(result.exposed.before, 200);
  EXPECT_EQ(result.exposed.during, 260);
  EXPECT_EQ(result.exposed.stores, 2);
  EXPECT_EQ(result.control.before, 200);
  EXPECT_EQ(result.control.during, 220);
  EXPECT_EQ(result.control.stores, 2);
  EXPECT_DOUBLE_EQ(result.exposed_ratio, 1.3);
  EXPECT_DOUBLE_EQ(result.control_ratio, 1.1);
  // 1.3 / 1.1 - 1 = 0.181818...
  EXPECT_NEAR(result.uplift, 2.0 / 11.0, 1e-15);
  EXPECT_EQ(result.iterations, 2000);
  EXPECT_EQ(result.discarded_resamples, 0);
}

TEST(UpliftTest, IdenticalStoresGiveAnIntervalOfZeroWidth) {
  // Every resample draws the same figures, so every resampled uplift is the
  // point estimate itself.
  const Uplift result = ComputeUplift(
      {Exposed("e1", 80, 100), Exposed("e2", 80, 100), Exposed("e3", 80, 100),
       Control("c1", 50, 45), Control("c2", 50, 45)},
      {});

  ASSERT_EQ(result.refusal, Refusal::kNone);
  EXPECT_EQ(result.ci_low, result.uplift);
  EXPECT_EQ(result.ci_high, result.uplift);
}

TEST(UpliftTest, IncompleteStoresAreListedSortedAndLeftOut) {
  std::vector<StoreFigures> stores = {
      Exposed("e1", 100, 130), Exposed("z-only-before", 1000, std::nullopt),
      Exposed("e2", 100, 130), Control("a-only-during", std::nullopt, 999),
      Control("c1", 100, 110), Control("c2", 100, 110)};

  const Uplift result = ComputeUplift(stores, {});

  EXPECT_THAT(result.incomplete_stores,
              ElementsAre("a-only-during", "z-only-before"));
  EXPECT_EQ(result.exposed.stores, 2);
  EXPECT_EQ(result.exposed.before, 200);
  EXPECT_EQ(result.control.stores, 2);
  EXPECT_EQ(result.control.during, 220);
  EXPECT_NEAR(result.uplift, 2.0 / 11.0, 1e-15);
}

TEST(UpliftTest, InputOrderDoesNotChangeAnyBit) {
  const std::vector<StoreFigures> ordered = HeterogeneousStudy();
  std::vector<StoreFigures> reversed(ordered.rbegin(), ordered.rend());
  std::vector<StoreFigures> rotated = ordered;
  std::rotate(rotated.begin(), rotated.begin() + 4, rotated.end());
  std::swap(rotated[1], rotated[8]);

  const Uplift expected = ComputeUplift(ordered, {.seed = 7});
  ASSERT_EQ(expected.refusal, Refusal::kNone);
  ExpectIdentical(ComputeUplift(reversed, {.seed = 7}), expected);
  ExpectIdentical(ComputeUplift(rotated, {.seed = 7}), expected);
}

TEST(UpliftTest, SameSeedRepeatsAndAnotherSeedMovesTheInterval) {
  const Uplift first = ComputeUplift(HeterogeneousStudy(), {.seed = 3});
  const Uplift again = ComputeUplift(HeterogeneousStudy(), {.seed = 3});
  const Uplift other = ComputeUplift(HeterogeneousStudy(), {.seed = 4});

  ASSERT_EQ(first.refusal, Refusal::kNone);
  ExpectIdentical(again, first);
  EXPECT_EQ(other.uplift, first.uplift);
  EXPECT_TRUE(other.ci_low != first.ci_low || other.ci_high != first.ci_high);
}

TEST(UpliftTest, IntervalIsPinnedForSeed42) {
  // Any change to the random stream, the draw order or the percentile
  // definition shows up here: stored results would no longer reproduce.
  const Uplift result =
      ComputeUplift(HeterogeneousStudy(), {.seed = 42, .iterations = 2000});

  ASSERT_EQ(result.refusal, Refusal::kNone);
  EXPECT_EQ(result.discarded_resamples, 0);
  EXPECT_DOUBLE_EQ(result.uplift, 0.17767519350248162);
  EXPECT_DOUBLE_EQ(result.ci_low, 0.096731236585130359);
  EXPECT_DOUBLE_EQ(result.ci_high, 0.27213567054628263);
  EXPECT_LT(result.ci_low, result.uplift);
  EXPECT_GT(result.ci_high, result.uplift);
}

TEST(UpliftTest, RefusesTooFewStoresBelowTheMinimumOnly) {
  // The control store with one period does not count towards the minimum.
  std::vector<StoreFigures> stores = {
      Exposed("e1", 100, 130), Exposed("e2", 90, 120),
      Exposed("e3", 110, 125), Control("c1", 100, 110),
      Control("c2", 100, 105), Control("c3", 95, std::nullopt)};

  const Uplift refused = ComputeUplift(stores, {.min_stores_per_area = 3});
  EXPECT_EQ(refused.refusal, Refusal::kTooFewStores);
  EXPECT_EQ(refused.refusal_detail,
            "UPLIFT_REFUSAL_TOO_FEW_STORES: exposed 3 usable store(s), "
            "control 2; 3 required per area");
  EXPECT_EQ(refused.control.stores, 2);

  stores.back().during = 100;
  const Uplift given = ComputeUplift(stores, {.min_stores_per_area = 3});
  EXPECT_EQ(given.refusal, Refusal::kNone);
  EXPECT_EQ(given.refusal_detail, "");
}

TEST(UpliftTest, RefusesAPeriodWithNoUnits) {
  const Uplift result =
      ComputeUplift({Exposed("e1", 100, 130), Exposed("e2", 90, 120),
                     Control("c1", 100, 0), Control("c2", 80, 0)},
                    {});

  EXPECT_EQ(result.refusal, Refusal::kEmptyPeriod);
  EXPECT_EQ(result.refusal_detail,
            "UPLIFT_REFUSAL_EMPTY_PERIOD: E_before 190, E_during 250, "
            "C_before 180, C_during 0 units");
  EXPECT_EQ(result.iterations, 0);
}

TEST(UpliftTest, RefusesAnIntervalWhenManyResamplesHaveNoBaseline) {
  // Only c10 sold anything before the campaign: a resample misses it with
  // probability 0.9^10, about 35%, and then divides by a zero C_before.
  std::vector<StoreFigures> stores = {Exposed("e1", 100, 130),
                                      Exposed("e2", 90, 120)};
  for (int i = 1; i <= 9; ++i) {
    stores.push_back(Control("c" + std::to_string(i), 0, 20));
  }
  stores.push_back(Control("c10", 100, 110));

  const Uplift result = ComputeUplift(stores, {.iterations = 2000});

  EXPECT_EQ(result.refusal, Refusal::kUnstableInterval);
  EXPECT_THAT(result.refusal_detail,
              StartsWith("UPLIFT_REFUSAL_UNSTABLE_INTERVAL: "));
  EXPECT_THAT(result.refusal_detail,
              ::testing::EndsWith(
                  " of 2000 resamples had a zero denominator; at most 100 "
                  "(5%) allowed"));
  EXPECT_EQ(result.iterations, 2000);
  EXPECT_GT(result.discarded_resamples, 600);
  EXPECT_LT(result.discarded_resamples, 800);
  EXPECT_EQ(result.control.before, 100);
}

TEST(UpliftTest, KeepsTheIntervalWhenFewResamplesAreDiscarded) {
  // Seven of ten control stores have no baseline: a resample misses the
  // other three with probability 0.7^10, about 2.8%, below the 5% limit.
  std::vector<StoreFigures> stores = {Exposed("e1", 100, 130),
                                      Exposed("e2", 90, 120)};
  for (int i = 1; i <= 7; ++i) {
    stores.push_back(Control("c" + std::to_string(i), 0, 20));
  }
  stores.push_back(Control("c8", 100, 110));
  stores.push_back(Control("c9", 120, 125));
  stores.push_back(Control("c10", 90, 100));

  const Uplift result = ComputeUplift(stores, {.iterations = 2000});

  EXPECT_EQ(result.refusal, Refusal::kNone);
  EXPECT_GT(result.discarded_resamples, 0);
  EXPECT_LE(result.discarded_resamples, 100);
  EXPECT_LE(result.ci_low, result.ci_high);
}

TEST(RefusalNameTest, MatchesTheProtoValueNames) {
  EXPECT_EQ(RefusalName(Refusal::kNone), "UPLIFT_REFUSAL_UNSPECIFIED");
  EXPECT_EQ(RefusalName(Refusal::kTooFewStores),
            "UPLIFT_REFUSAL_TOO_FEW_STORES");
  EXPECT_EQ(RefusalName(Refusal::kEmptyPeriod), "UPLIFT_REFUSAL_EMPTY_PERIOD");
  EXPECT_EQ(RefusalName(Refusal::kUnstableInterval),
            "UPLIFT_REFUSAL_UNSTABLE_INTERVAL");
}

TEST(BootstrapRandomTest, StreamIsPinnedForSeed1) {
  BootstrapRandom random(1);
  EXPECT_EQ(random.Next(), 0xb3f2af6d0fc710c5ULL);
  EXPECT_EQ(random.Next(), 0x853b559647364ceaULL);
  EXPECT_EQ(random.Next(), 0x92f89756082a4514ULL);
  EXPECT_EQ(random.Next(), 0x642e1c7bc266a3a7ULL);
}

TEST(BootstrapRandomTest, BelowStaysInRangeAndReachesEveryValue) {
  BootstrapRandom random(9);
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 7000; ++i) {
    const uint64_t value = random.Below(7);
    ASSERT_LT(value, 7u);
    ++seen[value];
  }
  for (int count : seen) EXPECT_GT(count, 800);
  EXPECT_EQ(random.Below(1), 0u);
}

TEST(Type7PercentileTest, InterpolatesBetweenClosestRanks) {
  const std::vector<double> sorted = {1.0, 2.0, 3.0, 4.0};
  EXPECT_EQ(Type7Percentile(sorted, 0.0), 1.0);
  EXPECT_EQ(Type7Percentile(sorted, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(Type7Percentile(sorted, 0.5), 2.5);
  // h = 3 * 0.025 = 0.075
  EXPECT_DOUBLE_EQ(Type7Percentile(sorted, 0.025), 1.075);
  EXPECT_DOUBLE_EQ(Type7Percentile(sorted, 0.975), 3.925);
  EXPECT_EQ(Type7Percentile({5.0}, 0.975), 5.0);
}

}  // namespace
}  // namespace nanoinfluence::kpi
