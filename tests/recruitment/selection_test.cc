// The selection rules: quotas into slot counts, buckets, ranking,
// spill-over, households, determinism, tier priority.
#include "services/recruitment/domain/selection.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nanoinfluence::recruitment {
namespace {

using common::v1::TIER_MACRO;
using common::v1::TIER_MICRO;
using common::v1::TIER_NANO;

v1::QuotaBucket TierPercent(common::v1::Tier tier, int percent) {
  v1::QuotaBucket bucket;
  bucket.set_tier(tier);
  bucket.set_percent(percent);
  return bucket;
}

v1::QuotaBucket RegionCount(const std::string& country,
                            const std::string& prefix, int count) {
  v1::QuotaBucket bucket;
  bucket.mutable_region()->set_country_code(country);
  bucket.mutable_region()->set_postal_code_prefix(prefix);
  bucket.set_count(count);
  return bucket;
}

v1::CampaignSpec Spec(int slots, std::vector<v1::QuotaBucket> quotas = {}) {
  v1::CampaignSpec spec;
  spec.set_slots(slots);
  for (auto& bucket : quotas) *spec.add_quotas() = bucket;
  return spec;
}

// `count` applicants of `tier` with distinct households, reliability
// falling with the index so the ranking is known.
std::vector<Applicant> Applicants(common::v1::Tier tier, int count,
                                  const std::string& prefix = "a") {
  std::vector<Applicant> applicants;
  for (int i = 0; i < count; ++i) {
    applicants.push_back({.ambassador_id = absl::StrCat(prefix, "-", i),
                          .tier = tier,
                          .country_code = "FR",
                          .postal_key = "75001",
                          .household_key = absl::StrCat(prefix, "-home-", i),
                          .reliability_score = 1.0 - i * 0.001,
                          .engagement_rate_percent = 1});
  }
  return applicants;
}

Applicant LivingIn(const std::string& country, const std::string& postal_key) {
  Applicant applicant;
  applicant.country_code = country;
  applicant.postal_key = postal_key;
  return applicant;
}

std::vector<Applicant> Concat(std::vector<Applicant> a,
                              const std::vector<Applicant>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::string> SelectedIds(const Selection& selection,
                                     const std::vector<Applicant>& applicants) {
  std::vector<std::string> ids;
  for (const auto& pick : selection.selected) {
    ids.push_back(applicants[pick.applicant].ambassador_id);
  }
  return ids;
}

TEST(QuotaTargetsTest, PercentsBecomeCountsByLargestRemainder) {
  EXPECT_THAT(QuotaTargets(Spec(200, {TierPercent(TIER_NANO, 70),
                                      TierPercent(TIER_MICRO, 30)})),
              ::testing::ElementsAre(140, 60));
  // 10 * 33.3% = 3.33 each: the leftover slot goes to the earlier bucket.
  EXPECT_THAT(QuotaTargets(Spec(
                  10, {TierPercent(TIER_NANO, 33), TierPercent(TIER_MICRO, 33),
                       TierPercent(TIER_MACRO, 34)})),
              ::testing::ElementsAre(3, 3, 4));
  EXPECT_THAT(QuotaTargets(Spec(7, {TierPercent(TIER_NANO, 50),
                                    TierPercent(TIER_MICRO, 50)})),
              ::testing::ElementsAre(4, 3));
  EXPECT_THAT(QuotaTargets(Spec(5)), ::testing::ElementsAre(5));
}

TEST(BucketOfTest, RegionsMatchTheLongestPrefixInTheSameCountry) {
  const v1::CampaignSpec spec =
      Spec(10, {RegionCount("FR", "75", 5), RegionCount("FR", "750", 3),
                RegionCount("BE", "1", 2)});
  const Applicant paris_center = LivingIn("FR", "75001");
  const Applicant paris_other = LivingIn("FR", "75116");
  const Applicant brussels = LivingIn("BE", "1000");
  const Applicant lyon = LivingIn("FR", "69001");
  const Applicant belgian_code_in_france = LivingIn("FR", "1000");
  EXPECT_EQ(BucketOf(spec, paris_center), 1);
  EXPECT_EQ(BucketOf(spec, paris_other), 0);
  EXPECT_EQ(BucketOf(spec, brussels), 2);
  EXPECT_EQ(BucketOf(spec, lyon), -1);
  EXPECT_EQ(BucketOf(spec, belgian_code_in_france), -1);
}

TEST(SelectTest, FillsEachQuotaFromItsOwnApplicantsByRank) {
  const auto applicants =
      Concat(Applicants(TIER_NANO, 100, "n"), Applicants(TIER_MICRO, 100, "m"));
  const Selection selection = Select(
      Spec(10, {TierPercent(TIER_NANO, 70), TierPercent(TIER_MICRO, 30)}),
      applicants, 42);
  const auto ids = SelectedIds(selection, applicants);
  // NANO first (default tier priority), each tier's best applicants.
  EXPECT_THAT(ids, ::testing::ElementsAre("n-0", "n-1", "n-2", "n-3", "n-4",
                                          "n-5", "n-6", "m-0", "m-1", "m-2"));
  ASSERT_EQ(selection.buckets.size(), 2u);
  EXPECT_EQ(selection.buckets[0].target(), 7);
  EXPECT_EQ(selection.buckets[0].filled(), 7);
  EXPECT_EQ(selection.buckets[0].applicants(), 100);
  EXPECT_EQ(selection.buckets[1].filled(), 3);
  EXPECT_EQ(selection.unfilled_slots, 0);
  for (size_t i = 0; i < selection.selected.size(); ++i) {
    EXPECT_EQ(selection.selected[i].rank, static_cast<int>(i + 1));
  }
}

TEST(SelectTest, ABucketShortOfApplicantsSpillsItsSlotsToTheOthersInOrder) {
  // MICRO wants 6 but has 2: its 4 spare slots go to NANO (listed first),
  // which has enough.
  const auto applicants =
      Concat(Applicants(TIER_NANO, 10, "n"), Applicants(TIER_MICRO, 2, "m"));
  const Selection selection = Select(
      Spec(10, {TierPercent(TIER_NANO, 40), TierPercent(TIER_MICRO, 60)}),
      applicants, 1);
  EXPECT_EQ(selection.selected.size(), 10u);
  EXPECT_EQ(selection.buckets[0].filled(), 4);
  EXPECT_EQ(selection.buckets[0].spillover_received(), 4);
  EXPECT_EQ(selection.buckets[1].filled(), 2);
  EXPECT_EQ(selection.buckets[1].shortfall(), 4);
  EXPECT_EQ(selection.unfilled_slots, 0);
}

TEST(SelectTest, NeverMoreThanTheSlotsAndReportsWhatStaysEmpty) {
  const auto applicants = Applicants(TIER_NANO, 3);
  const Selection many = Select(Spec(2), Applicants(TIER_NANO, 50), 9);
  EXPECT_EQ(many.selected.size(), 2u);
  const Selection few = Select(Spec(5), applicants, 9);
  EXPECT_EQ(few.selected.size(), 3u);
  EXPECT_EQ(few.unfilled_slots, 2);
  // An applicant of a tier no bucket holds is never selected.
  const Selection none =
      Select(Spec(5, {TierPercent(TIER_MACRO, 100)}), applicants, 9);
  EXPECT_TRUE(none.selected.empty());
  EXPECT_EQ(none.unfilled_slots, 5);
}

TEST(SelectTest, ReliabilityFirstThenEngagementThenTheSeed) {
  std::vector<Applicant> applicants = Applicants(TIER_NANO, 4);
  applicants[3].reliability_score = 2;  // best
  applicants[1].reliability_score = applicants[2].reliability_score = 0.5;
  applicants[2].engagement_rate_percent = 9;  // beats [1] on engagement
  const Selection selection = Select(Spec(3), applicants, 5);
  EXPECT_THAT(SelectedIds(selection, applicants),
              ::testing::ElementsAre("a-3", "a-0", "a-2"));
}

TEST(SelectTest, TheSameSeedGivesTheSameTestersAndAnotherSeedMayNot) {
  // Everyone ties: only the seed decides.
  std::vector<Applicant> applicants = Applicants(TIER_NANO, 200);
  for (auto& applicant : applicants) applicant.reliability_score = 0.5;
  const auto first = SelectedIds(Select(Spec(20), applicants, 7), applicants);
  EXPECT_EQ(SelectedIds(Select(Spec(20), applicants, 7), applicants), first);
  // The input order does not matter either.
  std::vector<Applicant> reversed(applicants.rbegin(), applicants.rend());
  auto again = SelectedIds(Select(Spec(20), reversed, 7), reversed);
  EXPECT_EQ(std::set<std::string>(again.begin(), again.end()),
            std::set<std::string>(first.begin(), first.end()));
  EXPECT_NE(SelectedIds(Select(Spec(20), applicants, 8), applicants), first);
}

TEST(SelectTest, OneTesterPerHousehold) {
  std::vector<Applicant> applicants = Applicants(TIER_NANO, 4);
  applicants[1].household_key = applicants[0].household_key;
  const Selection selection = Select(Spec(3), applicants, 3);
  EXPECT_THAT(SelectedIds(selection, applicants),
              ::testing::ElementsAre("a-0", "a-2", "a-3"));
}

TEST(SelectTest, RanksFollowTheCampaignsTierPriority) {
  const auto applicants =
      Concat(Applicants(TIER_NANO, 3, "n"), Applicants(TIER_MACRO, 3, "x"));
  v1::CampaignSpec spec =
      Spec(4, {TierPercent(TIER_NANO, 50), TierPercent(TIER_MACRO, 50)});
  spec.add_tier_priority(TIER_MACRO);
  const Selection selection = Select(spec, applicants, 3);
  EXPECT_THAT(SelectedIds(selection, applicants),
              ::testing::ElementsAre("x-0", "x-1", "n-0", "n-1"));
  EXPECT_EQ(TierPriority(spec, TIER_MACRO), 0);
  EXPECT_LT(TierPriority(spec, TIER_NANO), TierPriority(spec, TIER_MICRO));
}

}  // namespace
}  // namespace nanoinfluence::recruitment
