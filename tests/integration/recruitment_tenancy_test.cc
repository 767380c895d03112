// Tenancy on the recruitment service: a brand sees only its own campaigns
// and applicants, an ambassador only their own profile, accounts and
// applications. Another tenant's object answers NOT_FOUND exactly like a
// missing one; another tenant's id in a request is PERMISSION_DENIED.
#include <string>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/recruitment/recruitment_client.h"

namespace nanoinfluence::testing {
namespace {

namespace v1 = recruitment_v1;
using Stub = RecruitmentStub;

class RecruitmentTenancyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_ = new RecruitmentUnderTest();
    if (!suite_->ok()) return;
    alice_ = suite_->RegisterAmbassador("tenancy-alice");
    bob_ = suite_->RegisterAmbassador("tenancy-bob");
    v1::LinkSocialAccountRequest link;
    link.set_request_id(NewRequestId());
    link.set_ambassador_id(alice_);
    link.mutable_account()->set_network(common::v1::SOCIAL_NETWORK_INSTAGRAM);
    link.mutable_account()->set_handle("alice.eats");
    alice_account_ = suite_->Call(&Stub::LinkSocialAccount, OpsCaller(), link)
                         .response.account()
                         .social_account_id();
    campaign_ = suite_->OpenCampaign(brand_a_, ValidCampaignSpec());
    alice_application_ = suite_->Apply(alice_, campaign_);
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(suite_->ok()) << suite_->start_error();
    ASSERT_FALSE(alice_application_.empty());
    ASSERT_FALSE(alice_account_.empty());
  }

  // A foreign object must answer like a missing one: same code, and the
  // same message once the id is swapped.
  template <typename Response>
  static void ExpectLikeMissing(const Answer<Response>& foreign,
                                const Answer<Response>& missing,
                                const std::string& foreign_id,
                                const std::string& missing_id) {
    EXPECT_EQ(foreign.code(), grpc::StatusCode::NOT_FOUND) << foreign.message();
    EXPECT_EQ(missing.code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(absl::StrReplaceAll(foreign.message(), {{foreign_id, "<id>"}}),
              absl::StrReplaceAll(missing.message(), {{missing_id, "<id>"}}));
  }

  static RecruitmentUnderTest* suite_;
  static std::string alice_, bob_, alice_account_, campaign_,
      alice_application_;
  static inline const std::string brand_a_ = UnknownId();
  static inline const std::string brand_b_ = UnknownId();
};

RecruitmentUnderTest* RecruitmentTenancyTest::suite_ = nullptr;
std::string RecruitmentTenancyTest::alice_;
std::string RecruitmentTenancyTest::bob_;
std::string RecruitmentTenancyTest::alice_account_;
std::string RecruitmentTenancyTest::campaign_;
std::string RecruitmentTenancyTest::alice_application_;

TEST_F(RecruitmentTenancyTest, AnotherBrandsCampaignIsLikeAMissingOne) {
  const std::string missing = UnknownId();
  const auto b = BrandCaller(brand_b_);
  v1::GetCampaignRequest get;
  get.set_campaign_id(campaign_);
  v1::GetCampaignRequest get_missing;
  get_missing.set_campaign_id(missing);
  ExpectLikeMissing(suite_->Call(&Stub::GetCampaign, b, get),
                    suite_->Call(&Stub::GetCampaign, b, get_missing), campaign_,
                    missing);

  v1::CloseCampaignRequest close;
  close.set_request_id(NewRequestId());
  close.set_campaign_id(campaign_);
  auto close_missing = close;
  close_missing.set_request_id(NewRequestId());
  close_missing.set_campaign_id(missing);
  ExpectLikeMissing(suite_->Call(&Stub::CloseCampaign, b, close),
                    suite_->Call(&Stub::CloseCampaign, b, close_missing),
                    campaign_, missing);

  v1::SelectTestersRequest select;
  select.set_request_id(NewRequestId());
  select.set_campaign_id(campaign_);
  EXPECT_EQ(suite_->Call(&Stub::SelectTesters, b, select).code(),
            grpc::StatusCode::NOT_FOUND);
  v1::InviteAmbassadorsRequest invite;
  invite.set_request_id(NewRequestId());
  invite.set_campaign_id(campaign_);
  invite.add_ambassador_ids(bob_);
  EXPECT_EQ(suite_->Call(&Stub::InviteAmbassadors, b, invite).code(),
            grpc::StatusCode::NOT_FOUND);
  v1::UpdateCampaignRequest update;
  update.set_request_id(NewRequestId());
  update.set_campaign_id(campaign_);
  update.mutable_campaign()->set_name("Hijacked");
  update.mutable_update_mask()->add_paths("name");
  EXPECT_EQ(suite_->Call(&Stub::UpdateCampaign, b, update).code(),
            grpc::StatusCode::NOT_FOUND);
  v1::CountEligibleAmbassadorsRequest count;
  count.set_campaign_id(campaign_);
  EXPECT_EQ(suite_->Call(&Stub::CountEligibleAmbassadors, b, count).code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListApplicationsRequest applications;
  applications.set_campaign_id(campaign_);
  EXPECT_EQ(suite_->Call(&Stub::ListApplications, b, applications).code(),
            grpc::StatusCode::NOT_FOUND);
  v1::OverrideSelectionRequest override_request;
  override_request.set_request_id(NewRequestId());
  override_request.set_application_id(alice_application_);
  override_request.set_decision(v1::SELECTION_DECISION_ACCEPT);
  EXPECT_EQ(suite_->Call(&Stub::OverrideSelection, b, override_request).code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(RecruitmentTenancyTest, BrandListsHoldOnlyTheBrandsOwnObjects) {
  const auto b = BrandCaller(brand_b_);
  auto campaigns =
      suite_->Call(&Stub::ListCampaigns, b, v1::ListCampaignsRequest());
  ASSERT_TRUE(campaigns.ok()) << campaigns.message();
  for (const auto& campaign : campaigns.response.campaigns()) {
    EXPECT_EQ(campaign.brand_id(), brand_b_);
  }
  auto applications =
      suite_->Call(&Stub::ListApplications, b, v1::ListApplicationsRequest());
  ASSERT_TRUE(applications.ok()) << applications.message();
  EXPECT_EQ(applications.response.applications_size(), 0);
  // Brand A sees Alice's application, and only what a brand may know.
  auto own = suite_->Call(&Stub::ListApplications, BrandCaller(brand_a_),
                          v1::ListApplicationsRequest());
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own.response.applications_size(), 1);
  EXPECT_EQ(own.response.applications(0).applicant().display_name(),
            "Cam tenancy-alice");
  EXPECT_THAT(own.response.DebugString(),
              ::testing::Not(::testing::HasSubstr("@example.fr")));
  EXPECT_THAT(own.response.DebugString(),
              ::testing::Not(::testing::HasSubstr("rue")));
}

TEST_F(RecruitmentTenancyTest, ABrandIdSmuggledIntoARequestIsRefused) {
  const auto b = BrandCaller(brand_b_);
  v1::CreateCampaignRequest create;
  create.set_request_id(NewRequestId());
  create.set_brand_id(brand_a_);
  *create.mutable_campaign() = ValidCampaignSpec();
  EXPECT_EQ(suite_->Call(&Stub::CreateCampaign, b, create).code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListCampaignsRequest list;
  list.set_brand_id(brand_a_);
  EXPECT_EQ(suite_->Call(&Stub::ListCampaigns, b, list).code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RecruitmentTenancyTest, AnAmbassadorReachesOnlyTheirOwnObjects) {
  const auto bob = AmbassadorCaller(bob_);
  // Naming Alice is refused outright.
  v1::GetAmbassadorRequest get;
  get.set_ambassador_id(alice_);
  EXPECT_EQ(suite_->Call(&Stub::GetAmbassador, bob, get).code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ExportAmbassadorDataRequest export_request;
  export_request.set_ambassador_id(alice_);
  EXPECT_EQ(
      suite_->Call(&Stub::ExportAmbassadorData, bob, export_request).code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::EraseAmbassadorRequest erase;
  erase.set_request_id(NewRequestId());
  erase.set_ambassador_id(alice_);
  EXPECT_EQ(suite_->Call(&Stub::EraseAmbassador, bob, erase).code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::BatchGetTiersRequest tiers;
  tiers.add_ambassador_ids(alice_);
  EXPECT_EQ(suite_->Call(&Stub::BatchGetTiers, bob, tiers).code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListApplicationsRequest list;
  list.set_ambassador_id(alice_);
  EXPECT_EQ(suite_->Call(&Stub::ListApplications, bob, list).code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Her objects, reached by their own ids, are like missing ones.
  const std::string missing = UnknownId();
  v1::WithdrawApplicationRequest withdraw;
  withdraw.set_request_id(NewRequestId());
  withdraw.set_application_id(alice_application_);
  auto withdraw_missing = withdraw;
  withdraw_missing.set_request_id(NewRequestId());
  withdraw_missing.set_application_id(missing);
  ExpectLikeMissing(
      suite_->Call(&Stub::WithdrawApplication, bob, withdraw),
      suite_->Call(&Stub::WithdrawApplication, bob, withdraw_missing),
      alice_application_, missing);
  v1::UnlinkSocialAccountRequest unlink;
  unlink.set_request_id(NewRequestId());
  unlink.set_social_account_id(alice_account_);
  auto unlink_missing = unlink;
  unlink_missing.set_request_id(NewRequestId());
  unlink_missing.set_social_account_id(missing);
  ExpectLikeMissing(
      suite_->Call(&Stub::UnlinkSocialAccount, bob, unlink),
      suite_->Call(&Stub::UnlinkSocialAccount, bob, unlink_missing),
      alice_account_, missing);
  v1::UpdateSocialAccountRequest update;
  update.set_request_id(NewRequestId());
  update.set_social_account_id(alice_account_);
  update.mutable_account()->set_followers(1);
  update.mutable_update_mask()->add_paths("followers");
  EXPECT_EQ(suite_->Call(&Stub::UpdateSocialAccount, bob, update).code(),
            grpc::StatusCode::NOT_FOUND);

  // His own list holds nothing of hers.
  auto mine =
      suite_->Call(&Stub::ListApplications, bob, v1::ListApplicationsRequest());
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine.response.applications_size(), 0);
  // Alice's account is untouched.
  v1::GetAmbassadorRequest self;
  auto alice =
      suite_->Call(&Stub::GetAmbassador, AmbassadorCaller(alice_), self);
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(alice.response.social_accounts_size(), 1);
}

TEST_F(RecruitmentTenancyTest,
       ACampaignNotOpenToAnAmbassadorIsLikeAMissingOne) {
  auto spec = ValidCampaignSpec();
  spec.mutable_targeting()->clear_country_codes();
  spec.mutable_targeting()->add_country_codes("DE");
  const std::string german = suite_->OpenCampaign(brand_a_, spec);
  ASSERT_FALSE(german.empty());
  v1::GetCampaignRequest get;
  get.set_campaign_id(german);
  EXPECT_EQ(
      suite_->Call(&Stub::GetCampaign, AmbassadorCaller(bob_), get).code(),
      grpc::StatusCode::NOT_FOUND);
  // The campaign Alice applied to is visible to her, without its targeting.
  get.set_campaign_id(campaign_);
  auto seen = suite_->Call(&Stub::GetCampaign, AmbassadorCaller(alice_), get);
  ASSERT_TRUE(seen.ok()) << seen.message();
  EXPECT_FALSE(seen.response.spec().has_targeting());
  EXPECT_EQ(seen.response.spec().quotas_size(), 0);
  EXPECT_EQ(seen.response.eligible_count(), 0);
}

}  // namespace
}  // namespace nanoinfluence::testing
