// Bad input on every RPC of the recruitment service (QUALITY.md's list):
// missing fields, enums 999 and -1, negative and huge numbers, strings one
// past their limit, NUL, zero-width and right-to-left characters, invalid
// UTF-8, a million-element list, an oversized message. Each answer is
// INVALID_ARGUMENT naming the field (RESOURCE_EXHAUSTED for size), and the
// database is unchanged afterwards.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "libs/auth/token.h"
#include "tests/harness/bad_input.h"
#include "tests/harness/one_message_call.h"
#include "tests/recruitment/recruitment_client.h"

namespace nanoinfluence::testing {
namespace {

namespace v1 = recruitment_v1;
using Stub = RecruitmentStub;

const char kProfile[] =
    "profile { display_name: 'Bad Input' first_name: 'Bad' last_name: "
    "'Input' email: 'bad.input@example.fr' birth_date { year: 1990 month: 6 "
    "day: 15 } country_code: 'FR' postal_code: '75011' shipping_address { "
    "recipient_name: 'Bad Input' line1: '1 rue X' postal_code: '75011' city: "
    "'Paris' country_code: 'FR' } } consent { terms_version: '2026-01' "
    "data_processing_version: '2026-01' } request_id: 'r-1' ";
const char kSpec[] =
    "campaign { name: 'Bar' brand_name: 'Co' product_sku: 'SKU-1' "
    "product_name: 'Bar' universe: UNIVERSE_FOOD slots: 10 "
    "application_window { start { seconds: 1790000000 } end { seconds: "
    "1790600000 } } post_deadline_days: 10 } request_id: 'r-1' ";

std::string Long(int chars) { return std::string(chars, 'x'); }

// The cases (tests/harness/bad_input.h); in their text, {A} ambassador, {C}
// campaign, {S} social account, {BRAND} brand stand for real ids.
std::vector<BadInput> Cases() {
  const std::string reg = kProfile;
  const std::string link =
      "request_id: 'r-1' ambassador_id: '{A}' account { network: "
      "SOCIAL_NETWORK_INSTAGRAM handle: 'h' followers: 10 }";
  const std::string create = absl::StrCat(kSpec, "brand_id: '{BRAND}'");
  const std::string update_campaign =
      "request_id: 'r-1' campaign_id: '{C}' update_mask { paths: 'name' } "
      "campaign { name: 'New' }";
  return {
      // RegisterAmbassador
      {"RegisterAmbassador", reg, "request_id: ''", "request_id"},
      {"RegisterAmbassador", reg, absl::StrCat("request_id: '", Long(65), "'"),
       "request_id"},
      {"RegisterAmbassador", reg, "profile { display_name: 'x' }",
       "profile.display_name"},
      {"RegisterAmbassador", reg,
       absl::StrCat("profile { display_name: '", Long(51), "' }"),
       "profile.display_name"},
      {"RegisterAmbassador", reg, "profile { first_name: 'a\\000b' }",
       "profile.first_name"},
      {"RegisterAmbassador", reg, "profile { last_name: 'a\\342\\200\\213b' }",
       "profile.last_name"},  // zero-width space
      {"RegisterAmbassador", reg,
       "profile { display_name: 'ab\\342\\200\\256cd' }",
       "profile.display_name"},  // right-to-left override
      {"RegisterAmbassador", reg, "profile { email: 'no-at-sign' }",
       "profile.email"},
      {"RegisterAmbassador", reg,
       absl::StrCat("profile { email: 'a@", Long(253), "' }"), "profile.email"},
      {"RegisterAmbassador", reg, "profile { birth_date { year: 2020 } }",
       "profile.birth_date"},
      {"RegisterAmbassador", reg, "profile { birth_date { month: 13 } }",
       "profile.birth_date"},
      {"RegisterAmbassador", reg, "profile { birth_date { year: -1 } }",
       "profile.birth_date"},
      {"RegisterAmbassador", reg, "profile { country_code: 'ZZ' }",
       "profile.country_code"},
      {"RegisterAmbassador", reg, "profile { postal_code: '123' }",
       "profile.postal_code"},
      {"RegisterAmbassador", reg, "profile { phone: '12345' }",
       "profile.phone"},
      {"RegisterAmbassador", reg, "profile { universes: 999 }",
       "profile.universes[0]"},
      {"RegisterAmbassador", reg, "profile { universes: -1 }",
       "profile.universes[0]"},
      {"RegisterAmbassador", reg, "profile { household { size: 0 } }",
       "profile.household.size"},
      {"RegisterAmbassador", reg,
       "profile { household { size: 2 children_birth_years: 1800 } }",
       "profile.household.children_birth_years[0]"},
      {"RegisterAmbassador", reg, "profile { shipping_address { city: '' } }",
       "profile.shipping_address.city"},
      {"RegisterAmbassador", reg, "consent { terms_version: '' }",
       "consent.terms_version"},
      {"RegisterAmbassador", reg,
       absl::StrCat("consent { marketing_version: '", Long(33), "' }"),
       "consent.marketing_version"},
      // GetAmbassador, ExportAmbassadorData, GetTier, EraseAmbassador
      {"GetAmbassador", "", "ambassador_id: 'not-a-uuid'", "ambassador_id"},
      {"GetAmbassador", "", "", "ambassador_id"},  // ops must name one
      {"ExportAmbassadorData", "", "ambassador_id: 'x'", "ambassador_id"},
      {"GetTier", "", "ambassador_id: '{A}x'", "ambassador_id"},
      {"EraseAmbassador", "ambassador_id: '{A}'", "", "request_id"},
      {"EraseAmbassador", "request_id: 'r-1'", "ambassador_id: 'x'",
       "ambassador_id"},
      // UpdateAmbassador
      {"UpdateAmbassador", "request_id: 'r-1' ambassador_id: '{A}'", "",
       "update_mask"},
      {"UpdateAmbassador",
       "request_id: 'r-1' ambassador_id: '{A}' update_mask { paths: "
       "'profile.display_name' }",
       "update_mask { paths: 'profile.nope' }", "update_mask.paths[1]"},
      {"UpdateAmbassador",
       "request_id: 'r-1' ambassador_id: '{A}' update_mask { paths: "
       "'profile.postal_code' }",
       "profile { postal_code: '1' }", "profile.postal_code"},
      // Social accounts and tiers
      {"LinkSocialAccount", link, "account { network: 999 }",
       "account.network"},
      {"LinkSocialAccount", link,
       "account { network: SOCIAL_NETWORK_UNSPECIFIED }", "account.network"},
      {"LinkSocialAccount", link, "account { followers: -1 }",
       "account.followers"},
      {"LinkSocialAccount", link, "account { followers: 1000000001 }",
       "account.followers"},
      {"LinkSocialAccount", link, "account { engagement_rate_percent: 101 }",
       "account.engagement_rate_percent"},
      {"LinkSocialAccount", link, "account { engagement_rate_percent: nan }",
       "account.engagement_rate_percent"},
      {"LinkSocialAccount", link, "account { handle: '' }", "account.handle"},
      {"LinkSocialAccount", link,
       absl::StrCat("account { handle: '", Long(102), "' }"), "account.handle"},
      {"UpdateSocialAccount",
       "request_id: 'r-1' social_account_id: '{S}' update_mask { paths: "
       "'followers' }",
       "update_mask { paths: 'network' }", "update_mask.paths[1]"},
      {"UpdateSocialAccount",
       "request_id: 'r-1' social_account_id: '{S}' update_mask { paths: "
       "'followers' }",
       "account { followers: -5 }", "account.followers"},
      {"UnlinkSocialAccount", "request_id: 'r-1'", "", "social_account_id"},
      {"BatchGetTiers", "", "", "ambassador_ids"},
      {"BatchGetTiers", "", "ambassador_ids: 'bad'", "ambassador_ids[0]"},
      // Lists
      {"ListAmbassadors", "", "page { page_size: -1 }", "page.page_size"},
      {"ListAmbassadors", "", "page { page_token: 'garbage' }",
       "page.page_token"},
      {"ListAmbassadors", "", "country_codes: 'fr'", "country_codes[0]"},
      {"ListAmbassadors", "", "tiers: 7", "tiers[0]"},
      {"ListAmbassadors", "", "postal_code_prefix: '12345678901'",
       "postal_code_prefix"},
      {"ListAmbassadors", "",
       "registered { start { seconds: 10 } end { seconds: 5 } }",
       "registered.end"},
      {"ListAmbassadors", "",
       "registered { start { seconds: -99999999999999 } }", "registered.start"},
      {"ListCampaigns", "", "statuses: CAMPAIGN_STATUS_UNSPECIFIED",
       "statuses[0]"},
      {"ListCampaigns", "", "brand_id: 'not a brand'", "brand_id"},
      {"ListApplications", "", "statuses: 99", "statuses[0]"},
      {"ListApplications", "", "campaign_id: 'x'", "campaign_id"},
      {"ListOpenCampaigns", "ambassador_id: '{A}'", "universes: 999",
       "universes[0]"},
      {"ListOpenCampaigns", "", "", "ambassador_id"},
      // Campaigns
      {"CreateCampaign", "request_id: 'r-1' brand_id: '{BRAND}'", "",
       "campaign"},
      {"CreateCampaign", create, "brand_id: 'not a brand'", "brand_id"},
      {"CreateCampaign", create, "campaign { slots: 0 }", "campaign.slots"},
      {"CreateCampaign", create, "campaign { slots: -5 }", "campaign.slots"},
      {"CreateCampaign", create,
       absl::StrCat("campaign { name: '", Long(121), "' }"), "campaign.name"},
      {"CreateCampaign", create, "campaign { description: 'a\\000b' }",
       "campaign.description"},
      {"CreateCampaign", create, "campaign { product_sku: 'a b' }",
       "campaign.product_sku"},
      {"CreateCampaign", create, "campaign { product_image_url: 'http://x' }",
       "campaign.product_image_url"},
      {"CreateCampaign", create, "campaign { universe: -1 }",
       "campaign.universe"},
      {"CreateCampaign", create, "campaign { post_deadline_days: 91 }",
       "campaign.post_deadline_days"},
      {"CreateCampaign", create,
       "campaign { application_window { end { seconds: 0 } } }",
       "campaign.application_window.end"},
      {"CreateCampaign", create, "campaign { targeting { tiers: 999 } }",
       "campaign.targeting.tiers[0]"},
      {"CreateCampaign", create, "campaign { targeting { min_age: 10 } }",
       "campaign.targeting.min_age"},
      {"CreateCampaign", create,
       "campaign { targeting { country_codes: 'XX' } }",
       "campaign.targeting.country_codes[0]"},
      {"CreateCampaign", create,
       "campaign { targeting { regions { country_code: 'FR' "
       "postal_code_prefix: '  ' } } }",
       "campaign.targeting.regions[0].postal_code_prefix"},
      {"CreateCampaign", create,
       "campaign { quotas { tier: TIER_NANO percent: 0 } }",
       "campaign.quotas[0].percent"},
      {"CreateCampaign", create,
       "campaign { quotas { tier: TIER_NANO percent: 60 } }",
       "campaign.quotas"},
      {"GetCampaign", "", "", "campaign_id"},
      {"UpdateCampaign", update_campaign, "update_mask { paths: 'bogus' }",
       "update_mask.paths[1]"},
      {"UpdateCampaign", update_campaign, "campaign { name: '' }",
       "campaign.name"},
      {"OpenCampaign", "request_id: 'r-1'", "campaign_id: 'x'", "campaign_id"},
      {"CloseCampaign", "campaign_id: '{C}'", "", "request_id"},
      {"CountEligibleAmbassadors", "", "", "source"},
      {"CountEligibleAmbassadors", "", "targeting { max_age: 200 }",
       "targeting.max_age"},
      {"CountEligibleAmbassadors", "", "campaign_id: 'x'", "campaign_id"},
      // Applications and selection
      {"ApplyToCampaign", "request_id: 'r-1' ambassador_id: '{A}'",
       "campaign_id: 'x'", "campaign_id"},
      {"ApplyToCampaign",
       "request_id: 'r-1' ambassador_id: '{A}' campaign_id: '{C}'",
       absl::StrCat("motivation: '", Long(1001), "'"), "motivation"},
      {"WithdrawApplication", "request_id: 'r-1'", "application_id: 'x'",
       "application_id"},
      {"InviteAmbassadors", "request_id: 'r-1' campaign_id: '{C}'", "",
       "ambassador_ids"},
      {"InviteAmbassadors", "request_id: 'r-1' campaign_id: '{C}'",
       "ambassador_ids: 'bad'", "ambassador_ids[0]"},
      {"SelectTesters", "campaign_id: '{C}'", "", "request_id"},
      {"SelectTesters", "request_id: 'r-1'", "campaign_id: 'x'", "campaign_id"},
      {"OverrideSelection", "request_id: 'r-1' application_id: '{A}'", "",
       "decision"},
      {"OverrideSelection",
       "request_id: 'r-1' application_id: '{A}' decision: "
       "SELECTION_DECISION_ACCEPT",
       absl::StrCat("note: '", Long(501), "'"), "note"},
      {"ListSelectedTesters", "", "", "campaign_id"},
      {"ListSelectedTesters", "campaign_id: '{C}'", "ambassador_id: 'x'",
       "ambassador_id"},
  };
}

class RecruitmentBadInputTest : public ::testing::Test {
 protected:
  // One service for the whole suite, with an ambassador, a social account
  // and an open campaign for the requests to name.
  static void SetUpTestSuite() {
    suite_ = new RecruitmentUnderTest();
    if (!suite_->ok()) return;
    ambassador_ = suite_->RegisterAmbassador("bad-input-owner");
    v1::LinkSocialAccountRequest link;
    link.set_request_id(NewRequestId());
    link.set_ambassador_id(ambassador_);
    link.mutable_account()->set_network(common::v1::SOCIAL_NETWORK_YOUTUBE);
    link.mutable_account()->set_handle("owner-channel");
    account_ = suite_->Call(&Stub::LinkSocialAccount, OpsCaller(), link)
                   .response.account()
                   .social_account_id();
    brand_ = UnknownId();
    campaign_ = suite_->OpenCampaign(brand_, ValidCampaignSpec());
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(suite_->ok()) << suite_->start_error();
    ASSERT_FALSE(ambassador_.empty());
    ASSERT_FALSE(account_.empty());
    ASSERT_FALSE(campaign_.empty());
  }

  // Rows of every table, to prove nothing was written.
  static std::map<std::string, int64_t> Snapshot() {
    std::map<std::string, int64_t> rows;
    for (const char* table :
         {"ambassadors", "social_accounts", "consent_history", "campaigns",
          "applications", "selection_overrides", "outbox", "idempotency_keys",
          "applied_events"}) {
      rows[table] = suite_->CountRows(table);
    }
    return rows;
  }

  grpc::Status Send(const std::string& method, const std::string& bytes,
                    const auth::Caller& caller) {
    grpc::GenericStub stub(suite_->channel());
    const std::string token = TestToken(caller);
    return OneMessageCall(bytes).Run(
        stub,
        absl::StrCat("/nanoinfluence.recruitment.v1.RecruitmentService/",
                     method),
        absl::StrCat("Bearer ", token));
  }

  static RecruitmentUnderTest* suite_;
  static std::string ambassador_, account_, campaign_, brand_;
};

RecruitmentUnderTest* RecruitmentBadInputTest::suite_ = nullptr;
std::string RecruitmentBadInputTest::ambassador_;
std::string RecruitmentBadInputTest::account_;
std::string RecruitmentBadInputTest::campaign_;
std::string RecruitmentBadInputTest::brand_;

TEST_F(RecruitmentBadInputTest, EveryBadFieldIsNamedAndNothingIsWritten) {
  const auto* service =
      v1::RegisterAmbassadorRequest::descriptor()->file()->FindServiceByName(
          "RecruitmentService");
  const auto before = Snapshot();
  std::set<std::string> covered = ExpectEachNamed(
      *service, Cases(),
      [&](const std::string& text) {
        return absl::StrReplaceAll(text, {{"{A}", ambassador_},
                                          {"{C}", campaign_},
                                          {"{S}", account_},
                                          {"{BRAND}", brand_}});
      },
      [&](const std::string& method, const std::string& bytes) {
        return Send(method, bytes, OpsCaller());
      });
  // The event intake's own checks.
  EXPECT_EQ(Send("IngestEvents", "", ServiceCaller("dispatch")).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  covered.insert("IngestEvents");
  EXPECT_EQ(Snapshot(), before);
  // A new RPC cannot be forgotten here.
  ExpectAllCovered(*service, covered);
}

TEST_F(RecruitmentBadInputTest, AMillionElementListIsRefusedByItsLimit) {
  v1::BatchGetTiersRequest request;
  for (int i = 0; i < 1'000'000; ++i) request.add_ambassador_ids("x");
  const grpc::Status status = Send("BatchGetTiers", request.SerializeAsString(),
                                   ServiceCaller("dispatch"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("ambassador_ids:"));
}

TEST_F(RecruitmentBadInputTest, AnOversizedMessageIsRefusedBeforeAnyHandler) {
  auto request = RegisterRequest(ValidProfile("huge"));
  request.mutable_profile()->set_display_name(std::string(5 << 20, 'x'));
  const auto before = Snapshot();
  EXPECT_EQ(Send("RegisterAmbassador", request.SerializeAsString(), OpsCaller())
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(RecruitmentBadInputTest, InvalidUtf8IsRefused) {
  auto request = RegisterRequest(ValidProfile("utf8"));
  request.mutable_profile()->set_first_name("\xFF\xFE");
  const auto before = Snapshot();
  const grpc::Status status =
      Send("RegisterAmbassador", request.SerializeAsString(), OpsCaller());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "profile.first_name: not valid UTF-8");
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace nanoinfluence::testing
