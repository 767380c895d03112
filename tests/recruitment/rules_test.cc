// Eligibility, the eligibility index, profile and campaign checks, the
// household key and the reliability score.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/validation/field_checks.h"
#include "services/recruitment/domain/campaign_rules.h"
#include "services/recruitment/domain/eligibility.h"
#include "services/recruitment/domain/profile_rules.h"

namespace nanoinfluence::recruitment {
namespace {

using common::v1::TIER_MICRO;
using common::v1::TIER_NANO;
using ::testing::HasSubstr;

constexpr int32_t kToday = 20261126;

AmbassadorFacts Facts(const std::string& id) {
  AmbassadorFacts facts;
  facts.ambassador_id = id;
  facts.tier = TIER_NANO;
  facts.universes = 1u << common::v1::UNIVERSE_FOOD;
  facts.country_code = "FR";
  facts.postal_key = "75011";
  facts.birth_date = 19900615;
  facts.engagement_rate_percent = 3;
  facts.consent_current = true;
  facts.has_shipping_address = true;
  return facts;
}

TEST(TargetingTest, EmptyTargetingReachesEveryoneWithCurrentConsent) {
  const auto everyone = CompiledTargeting::From(v1::Targeting());
  AmbassadorFacts facts = Facts("a");
  EXPECT_TRUE(everyone.Matches(facts, kToday));
  facts.consent_current = false;
  EXPECT_FALSE(everyone.Matches(facts, kToday));
}

TEST(TargetingTest, EachConditionFilters) {
  const AmbassadorFacts facts = Facts("a");
  const auto matches = [&](const v1::Targeting& targeting) {
    return CompiledTargeting::From(targeting).Matches(facts, kToday);
  };
  v1::Targeting t;
  t.add_tiers(TIER_MICRO);
  EXPECT_FALSE(matches(t));
  t.add_tiers(TIER_NANO);
  EXPECT_TRUE(matches(t));

  t = {};
  t.add_universes(common::v1::UNIVERSE_BEAUTY);
  EXPECT_FALSE(matches(t));
  t.add_universes(common::v1::UNIVERSE_FOOD);
  EXPECT_TRUE(matches(t));

  t = {};
  t.add_country_codes("BE");
  EXPECT_FALSE(matches(t));
  t.add_country_codes("FR");
  EXPECT_TRUE(matches(t));

  t = {};
  auto* region = t.add_regions();
  region->set_country_code("FR");
  region->set_postal_code_prefix("69");
  EXPECT_FALSE(matches(t));
  region->set_postal_code_prefix("75");
  EXPECT_TRUE(matches(t));
  region->set_country_code("BE");  // same prefix, other country
  EXPECT_FALSE(matches(t));

  t = {};  // born 1990-06-15: 36 on 2026-11-26
  t.set_min_age(37);
  EXPECT_FALSE(matches(t));
  t.set_min_age(36);
  EXPECT_TRUE(matches(t));
  t.set_max_age(35);
  EXPECT_FALSE(matches(t));

  t = {};
  t.set_min_engagement_rate_percent(3.5);
  EXPECT_FALSE(matches(t));
  t.set_min_engagement_rate_percent(3);
  EXPECT_TRUE(matches(t));
}

TEST(TargetingTest, ChildrenAndTheirAge) {
  AmbassadorFacts parent = Facts("p");
  parent.youngest_child_year = 2024;  // a 2-year-old
  const AmbassadorFacts no_children = Facts("c");
  v1::Targeting with;
  with.set_with_children(true);
  EXPECT_TRUE(CompiledTargeting::From(with).Matches(parent, kToday));
  EXPECT_FALSE(CompiledTargeting::From(with).Matches(no_children, kToday));
  with.set_max_child_age(1);
  EXPECT_FALSE(CompiledTargeting::From(with).Matches(parent, kToday));
  with.set_max_child_age(3);
  EXPECT_TRUE(CompiledTargeting::From(with).Matches(parent, kToday));
  v1::Targeting without;
  without.set_with_children(false);
  EXPECT_FALSE(CompiledTargeting::From(without).Matches(parent, kToday));
  EXPECT_TRUE(CompiledTargeting::From(without).Matches(no_children, kToday));
}

TEST(EligibilityIndexTest, CountsPerTierAndLeavesActiveTestersOutOnRequest) {
  EligibilityIndex index;
  index.Upsert(Facts("a"));
  AmbassadorFacts micro = Facts("b");
  micro.tier = TIER_MICRO;
  micro.has_active_test = true;
  index.Upsert(micro);
  const auto everyone = CompiledTargeting::From(v1::Targeting());
  EligibleCount all = index.Count(everyone, kToday, false);
  EXPECT_EQ(all.total, 2);
  EXPECT_THAT(all.by_tier, ::testing::ElementsAre(1, 1, 0));
  EligibleCount free = index.Count(everyone, kToday, true);
  EXPECT_EQ(free.total, 1);
  EXPECT_THAT(free.by_tier, ::testing::ElementsAre(1, 0, 0));
}

TEST(EligibilityIndexTest, FollowsChangesAndForgetsTheErasedForGood) {
  EligibilityIndex index;
  index.Upsert(Facts("a"));
  AmbassadorFacts grown = Facts("a");
  grown.tier = TIER_MICRO;
  index.Upsert(grown);
  EXPECT_EQ(index.Get("a")->tier, TIER_MICRO);
  index.SetActiveTest("a", true);
  EXPECT_TRUE(index.Get("a")->has_active_test);
  EXPECT_EQ(
      index.Count(CompiledTargeting::From(v1::Targeting()), kToday, true).total,
      0);
  index.Remove("a");
  EXPECT_FALSE(index.Get("a").has_value());
  index.Upsert(Facts("a"));  // nothing brings an erased ambassador back
  EXPECT_FALSE(index.Get("a").has_value());
  EXPECT_EQ(index.size(), 0u);
}

v1::AmbassadorProfile Profile() {
  v1::AmbassadorProfile p;
  p.set_display_name("Camille");
  p.set_first_name("Camille");
  p.set_last_name("Martin");
  p.set_email("  Camille.Martin@Example.FR ");
  p.mutable_birth_date()->set_year(1990);
  p.mutable_birth_date()->set_month(6);
  p.mutable_birth_date()->set_day(15);
  p.set_country_code("FR");
  p.set_postal_code("75011");
  return p;
}

TEST(ProfileRulesTest, NormalisesEmailAndPostalCode) {
  auto profile = Profile();
  profile.set_postal_code(" 75011 ");
  auto clean = CleanProfile(profile, "profile", ProfilePolicy(), kToday);
  ASSERT_TRUE(clean.ok()) << clean.status();
  EXPECT_EQ(clean->email(), "camille.martin@example.fr");
  EXPECT_EQ(clean->postal_code(), "75011");
}

TEST(ProfileRulesTest, AdultsOnlyWithTheAgeOfMajorityPerCountry) {
  ProfilePolicy policy;
  policy.minimum_age_by_country["KR"] = 19;
  auto profile = Profile();
  profile.mutable_birth_date()->set_year(2008);  // 18 on 2026-06-15
  profile.mutable_birth_date()->set_month(11);
  profile.mutable_birth_date()->set_day(27);  // one day short
  auto young = CleanProfile(profile, "profile", policy, kToday);
  EXPECT_EQ(young.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(young.status().message(), HasSubstr("profile.birth_date"));
  profile.mutable_birth_date()->set_day(26);  // 18 today
  EXPECT_TRUE(CleanProfile(profile, "profile", policy, kToday).ok());
  profile.set_country_code("KR");
  profile.set_postal_code("04524");
  EXPECT_FALSE(CleanProfile(profile, "profile", policy, kToday).ok());
}

TEST(ProfileRulesTest, EachBadFieldIsNamed) {
  const auto field_of = [](v1::AmbassadorProfile p) {
    return std::string(
        CleanProfile(p, "profile", ProfilePolicy(), kToday).status().message());
  };
  auto p = Profile();
  p.set_email("no-at-sign");
  EXPECT_THAT(field_of(p), HasSubstr("profile.email"));
  p = Profile();
  p.set_country_code("XX");
  EXPECT_THAT(field_of(p), HasSubstr("profile.country_code"));
  p = Profile();
  p.set_postal_code("7501");  // FR needs 5
  EXPECT_THAT(field_of(p), HasSubstr("profile.postal_code"));
  p = Profile();
  p.set_display_name("Cam\u202Eille");  // right-to-left override
  EXPECT_THAT(field_of(p), HasSubstr("profile.display_name"));
  p = Profile();
  p.set_first_name(std::string("Ca\0mille", 8));
  EXPECT_THAT(field_of(p), HasSubstr("profile.first_name"));
  p = Profile();
  p.set_last_name("\xC3\x28");  // invalid UTF-8
  EXPECT_THAT(field_of(p), HasSubstr("profile.last_name"));
  p = Profile();
  p.set_phone("0612345678");
  EXPECT_THAT(field_of(p), HasSubstr("profile.phone"));
  p = Profile();
  p.add_universes(static_cast<common::v1::Universe>(999));
  EXPECT_THAT(field_of(p), HasSubstr("profile.universes[0]"));
  p = Profile();
  p.mutable_household()->set_size(1);
  p.mutable_household()->add_children_birth_years(2020);
  EXPECT_THAT(field_of(p), HasSubstr("profile.household.children_birth_years"));
  p = Profile();
  p.mutable_birth_date()->set_month(2);
  p.mutable_birth_date()->set_day(30);
  EXPECT_THAT(field_of(p), HasSubstr("profile.birth_date"));
}

TEST(ProfileRulesTest, ConsentNeedsThePublishedVersions) {
  ProfilePolicy policy;
  v1::ConsentInput consent;
  consent.set_terms_version(policy.terms_version);
  EXPECT_THAT(CheckConsentInput(consent, "consent", policy).message(),
              HasSubstr("consent.data_processing_version"));
  consent.set_data_processing_version(policy.data_processing_version);
  EXPECT_TRUE(CheckConsentInput(consent, "consent", policy).ok());
  consent.set_terms_version("2020-01");
  EXPECT_EQ(CheckConsentInput(consent, "consent", policy).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ProfileRulesTest, OneHouseholdPerNormalisedAddress) {
  common::v1::PostalAddress a;
  a.set_country_code("FR");
  a.set_postal_code("75011");
  a.set_line1("12, rue Oberkampf");
  a.set_recipient_name("Camille Martin");
  common::v1::PostalAddress b = a;
  b.set_line1("12 RUE OBERKAMPF");
  b.set_postal_code("75 011");
  b.set_recipient_name("Louis Martin");
  EXPECT_EQ(HouseholdKey(a), HouseholdKey(b));
  b.set_line2("Bâtiment B");
  EXPECT_NE(HouseholdKey(a), HouseholdKey(b));
}

TEST(ReliabilityTest, NewcomersStartAtThePriorAndMoveTowardsTheirRecord) {
  const ProfilePolicy policy;  // prior 0.5 weighing 2 tests
  EXPECT_DOUBLE_EQ(ReliabilityScore(0, 0, policy), 0.5);
  EXPECT_DOUBLE_EQ(ReliabilityScore(2, 2, policy), 0.75);
  EXPECT_DOUBLE_EQ(ReliabilityScore(0, 2, policy), 0.25);
  EXPECT_NEAR(ReliabilityScore(98, 98, policy), 1.0, 0.02);
  EXPECT_GT(ReliabilityScore(1, 1, policy), ReliabilityScore(0, 0, policy));
}

v1::CampaignSpec GoodSpec() {
  v1::CampaignSpec spec;
  spec.set_name("Crunchy oat bar");
  spec.set_brand_name("Oatly Good");
  spec.set_product_sku("OAT-BAR-01");
  spec.set_product_name("Oat bar, 40 g");
  spec.set_universe(common::v1::UNIVERSE_FOOD);
  spec.set_slots(200);
  spec.mutable_application_window()->mutable_start()->set_seconds(1790000000);
  spec.mutable_application_window()->mutable_end()->set_seconds(1790600000);
  spec.set_post_deadline_days(21);
  auto* nano = spec.add_quotas();
  nano->set_tier(TIER_NANO);
  nano->set_percent(70);
  auto* micro = spec.add_quotas();
  micro->set_tier(TIER_MICRO);
  micro->set_percent(30);
  return spec;
}

TEST(CampaignRulesTest, AGoodSpecPasses) {
  auto clean = CleanCampaignSpec(GoodSpec(), "campaign");
  EXPECT_TRUE(clean.ok()) << clean.status();
}

TEST(CampaignRulesTest, EachBadFieldIsNamed) {
  const auto message = [](const v1::CampaignSpec& spec) {
    return std::string(CleanCampaignSpec(spec, "campaign").status().message());
  };
  auto spec = GoodSpec();
  spec.mutable_quotas(1)->set_percent(20);
  EXPECT_THAT(message(spec),
              HasSubstr("campaign.quotas: percents add up to 90"));
  spec = GoodSpec();
  spec.mutable_quotas(1)->set_count(60);
  EXPECT_THAT(message(spec), HasSubstr("campaign.quotas[1].share"));
  spec = GoodSpec();
  spec.mutable_quotas(1)->set_tier(TIER_NANO);
  EXPECT_THAT(message(spec), HasSubstr("campaign.quotas[1].key"));
  spec = GoodSpec();
  spec.set_slots(100001);
  EXPECT_THAT(message(spec), HasSubstr("campaign.slots"));
  spec = GoodSpec();
  spec.set_product_sku("OAT BAR");
  EXPECT_THAT(message(spec), HasSubstr("campaign.product_sku"));
  spec = GoodSpec();
  spec.mutable_application_window()->mutable_end()->set_seconds(1780000000);
  EXPECT_THAT(message(spec), HasSubstr("campaign.application_window.end"));
  spec = GoodSpec();
  spec.mutable_targeting()->set_min_age(15);
  EXPECT_THAT(message(spec), HasSubstr("campaign.targeting.min_age"));
  spec = GoodSpec();
  spec.mutable_targeting()->set_max_child_age(3);
  EXPECT_THAT(message(spec), HasSubstr("campaign.targeting.max_child_age"));
  spec = GoodSpec();
  spec.set_universe(static_cast<common::v1::Universe>(-1));
  EXPECT_THAT(message(spec), HasSubstr("campaign.universe"));
  spec = GoodSpec();
  spec.add_tier_priority(TIER_NANO);
  spec.add_tier_priority(TIER_NANO);
  EXPECT_THAT(message(spec), HasSubstr("campaign.tier_priority[1]"));
}

TEST(CampaignRulesTest, WhatMayChangeDependsOnTheStatus) {
  v1::Campaign campaign;
  *campaign.mutable_spec() = GoodSpec();
  campaign.set_status(v1::CAMPAIGN_STATUS_RECRUITING);
  v1::CampaignSpec changes = GoodSpec();
  changes.set_slots(10);
  changes.set_name("Crunchier oat bar");
  google::protobuf::FieldMask mask;
  mask.add_paths("name");
  auto updated = ApplySpecUpdate(campaign, changes, mask);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->name(), "Crunchier oat bar");
  EXPECT_EQ(updated->slots(), 200);
  mask.add_paths("slots");
  EXPECT_EQ(ApplySpecUpdate(campaign, changes, mask).status().code(),
            absl::StatusCode::kFailedPrecondition);
  mask.Clear();
  mask.add_paths("no_such_field");
  EXPECT_EQ(ApplySpecUpdate(campaign, changes, mask).status().code(),
            absl::StatusCode::kInvalidArgument);
  campaign.set_status(v1::CAMPAIGN_STATUS_DRAFT);
  mask.Clear();
  mask.add_paths("slots");
  EXPECT_EQ(ApplySpecUpdate(campaign, changes, mask)->slots(), 10);
}

TEST(FieldChecksTest, TextLimitsCountCharactersNotBytes) {
  EXPECT_TRUE(validation::CleanText("f", "ééé", {1, 3}).ok());
  EXPECT_FALSE(validation::CleanText("f", "éééé", {1, 3}).ok());
  EXPECT_EQ(*validation::CleanText("f", "  padded  ", {1, 10}), "padded");
  EXPECT_FALSE(validation::CleanText("f", "zero\u200Bwidth", {1, 20}).ok());
  EXPECT_TRUE(validation::CleanText("f", "two\nlines", {1, 20, true}).ok());
  EXPECT_FALSE(validation::CleanText("f", "two\nlines", {1, 20}).ok());
  EXPECT_FALSE(validation::CleanText("f", "\xED\xA0\x80", {1, 20}).ok());
}

}  // namespace
}  // namespace nanoinfluence::recruitment
