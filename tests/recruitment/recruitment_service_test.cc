// The recruitment service end to end: a real process over real gRPC with a
// real Redis, every behaviour through its RPCs.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/auth/peer_client.h"
#include "libs/events/outbox.h"
#include "libs/tiers/tier_reader.h"
#include "libs/tiers/tier_source.h"
#include "tests/harness/eventually.h"
#include "tests/recruitment/recruitment_client.h"

namespace nanoinfluence::testing {
namespace {

using ::testing::HasSubstr;
namespace v1 = recruitment_v1;
using Stub = RecruitmentStub;

class RecruitmentServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { suite_ = new RecruitmentUnderTest(); }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(suite_->ok()) << suite_->start_error(); }

  // A tag no other test uses, for emails and addresses.
  static std::string Tag(const std::string& name) {
    static int counter = 0;
    return absl::StrCat(name, ++counter);
  }

  static RecruitmentUnderTest* suite_;
};

RecruitmentUnderTest* RecruitmentServiceTest::suite_ = nullptr;

TEST_F(RecruitmentServiceTest, RegistrationIsIdempotentAndEmailsAreUnique) {
  const auto request = RegisterRequest(ValidProfile(Tag("reg")));
  auto first = suite_->Call(&Stub::RegisterAmbassador, OpsCaller(), request);
  ASSERT_TRUE(first.ok()) << first.message();
  const v1::Ambassador& ambassador = first.response.ambassador();
  EXPECT_EQ(ambassador.tier().tier(), common::v1::TIER_NANO);
  EXPECT_EQ(ambassador.tier().audience(), 0);
  EXPECT_TRUE(ambassador.consent().terms().granted());
  EXPECT_EQ(ambassador.reliability().score(), 0.5);

  // A retry answers the first answer, and registers nobody new.
  const int64_t rows = suite_->CountRows("ambassadors");
  auto retry = suite_->Call(&Stub::RegisterAmbassador, OpsCaller(), request);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry.response.ambassador().ambassador_id(),
            ambassador.ambassador_id());
  EXPECT_EQ(suite_->CountRows("ambassadors"), rows);

  // The same key for another request, and the same email in capitals.
  auto other = request;
  other.mutable_profile()->set_email("someone-else@example.fr");
  EXPECT_EQ(suite_->Call(&Stub::RegisterAmbassador, OpsCaller(), other).code(),
            grpc::StatusCode::ALREADY_EXISTS);
  auto shouting = RegisterRequest(request.profile());
  shouting.mutable_profile()->set_email(
      absl::AsciiStrToUpper(request.profile().email()));
  auto duplicate =
      suite_->Call(&Stub::RegisterAmbassador, OpsCaller(), shouting);
  EXPECT_EQ(duplicate.code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(duplicate.message(), HasSubstr("profile.email"));
  EXPECT_EQ(suite_->CountRows("ambassadors"), rows);
}

TEST_F(RecruitmentServiceTest, AnAmbassadorSignsUpWithTheIdOfTheirToken) {
  const std::string id = UnknownId();
  auto mine = suite_->Call(&Stub::RegisterAmbassador, AmbassadorCaller(id),
                           RegisterRequest(ValidProfile(Tag("self"))));
  ASSERT_TRUE(mine.ok()) << mine.message();
  EXPECT_EQ(mine.response.ambassador().ambassador_id(), id);
  auto again = suite_->Call(&Stub::RegisterAmbassador, AmbassadorCaller(id),
                            RegisterRequest(ValidProfile(Tag("self"))));
  EXPECT_EQ(again.code(), grpc::StatusCode::ALREADY_EXISTS);
  // Empty id means "me".
  auto read = suite_->Call(&Stub::GetAmbassador, AmbassadorCaller(id),
                           v1::GetAmbassadorRequest());
  ASSERT_TRUE(read.ok()) << read.message();
  EXPECT_EQ(read.response.profile().email(),
            mine.response.ambassador().profile().email());
}

TEST_F(RecruitmentServiceTest, ProfileAndConsentChangesFollowTheMask) {
  const std::string id = suite_->RegisterAmbassador(Tag("upd"));
  ASSERT_FALSE(id.empty());
  v1::UpdateAmbassadorRequest update;
  update.set_request_id(NewRequestId());
  update.mutable_profile()->set_display_name("New name");
  update.mutable_profile()->set_last_name("ignored: not in the mask");
  update.mutable_consent()->set_marketing_version("2026-01");
  update.mutable_update_mask()->add_paths("profile.display_name");
  update.mutable_update_mask()->add_paths("consent.marketing_version");
  auto updated =
      suite_->Call(&Stub::UpdateAmbassador, AmbassadorCaller(id), update);
  ASSERT_TRUE(updated.ok()) << updated.message();
  EXPECT_EQ(updated.response.ambassador().profile().display_name(), "New name");
  EXPECT_EQ(updated.response.ambassador().profile().last_name(), "Martin");
  EXPECT_TRUE(updated.response.ambassador().consent().marketing().granted());

  update.set_request_id(NewRequestId());
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("consent.terms_version");
  update.mutable_consent()->clear_terms_version();
  auto cleared =
      suite_->Call(&Stub::UpdateAmbassador, AmbassadorCaller(id), update);
  EXPECT_EQ(cleared.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(cleared.message(), HasSubstr("consent.terms_version"));
  update.mutable_consent()->set_terms_version("2019-01");
  EXPECT_EQ(suite_->Call(&Stub::UpdateAmbassador, AmbassadorCaller(id), update)
                .code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(RecruitmentServiceTest, AccountsMoveTheTierAndEveryReaderSeesIt) {
  const std::string id = suite_->RegisterAmbassador(Tag("tier"));
  ASSERT_FALSE(id.empty());
  // A reader in another service, with its near cache warmed on NANO.
  auth::PeerOptions peer;
  peer.address = suite_->address();
  peer.tokens = TestTokenSettings();
  peer.caller_name = "dispatch";
  auto recruitment = auth::PeerClient::Connect(peer);
  ASSERT_TRUE(recruitment.ok()) << recruitment.status();
  tiers::RecruitmentTierSource source(**recruitment);
  tiers::TierReaderOptions options;
  options.redis.port = suite_->redis_port();
  tiers::TierReader reader(options, source);
  auto before = reader.Get(id);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->tier(), common::v1::TIER_NANO);

  v1::LinkSocialAccountRequest link;
  link.set_request_id(NewRequestId());
  link.mutable_account()->set_network(common::v1::SOCIAL_NETWORK_TIKTOK);
  link.mutable_account()->set_handle(absl::StrCat("@", Tag("tok")));
  link.mutable_account()->set_followers(5'000);
  link.mutable_account()->set_engagement_rate_percent(4);
  auto linked =
      suite_->Call(&Stub::LinkSocialAccount, AmbassadorCaller(id), link);
  ASSERT_TRUE(linked.ok()) << linked.message();
  EXPECT_EQ(linked.response.previous_tier(), common::v1::TIER_NANO);
  EXPECT_EQ(linked.response.tier().tier(), common::v1::TIER_MICRO);
  EXPECT_EQ(linked.response.tier().audience(), 5'000);
  EXPECT_GT(linked.response.tier().version(), before->version());
  EXPECT_EQ(linked.response.account().handle().front(),
            link.mutable_account()->handle()[1]);
  EXPECT_EQ(
      suite_->CountRows(
          "outbox", absl::StrCat("type = 'nanoinfluence.common.v1.TierChanged' "
                                 "AND aggregateid = '",
                                 id, "'")),
      1);
  // The warm reader is invalidated; a new one finds MICRO in Redis.
  EXPECT_TRUE(Eventually([&] {
    auto now = reader.Get(id);
    return now.ok() && now->tier() == common::v1::TIER_MICRO;
  }));
  tiers::TierReader fresh(options, source);
  auto cached = fresh.Get(id);
  ASSERT_TRUE(cached.ok());
  EXPECT_EQ(cached->tier(), common::v1::TIER_MICRO);
  EXPECT_EQ(fresh.counters().fallbacks, 0);

  // A second account on the same network is refused; updating followers
  // past 100,000 makes a MACRO; unlinking brings NANO back.
  link.set_request_id(NewRequestId());
  link.mutable_account()->set_handle(Tag("other"));
  EXPECT_EQ(
      suite_->Call(&Stub::LinkSocialAccount, AmbassadorCaller(id), link).code(),
      grpc::StatusCode::ALREADY_EXISTS);
  v1::UpdateSocialAccountRequest grow;
  grow.set_request_id(NewRequestId());
  grow.set_social_account_id(linked.response.account().social_account_id());
  grow.mutable_account()->set_followers(100'001);
  grow.mutable_update_mask()->add_paths("followers");
  auto grown =
      suite_->Call(&Stub::UpdateSocialAccount, AmbassadorCaller(id), grow);
  ASSERT_TRUE(grown.ok()) << grown.message();
  EXPECT_EQ(grown.response.tier().tier(), common::v1::TIER_MACRO);
  v1::UnlinkSocialAccountRequest unlink;
  unlink.set_request_id(NewRequestId());
  unlink.set_social_account_id(linked.response.account().social_account_id());
  auto unlinked =
      suite_->Call(&Stub::UnlinkSocialAccount, AmbassadorCaller(id), unlink);
  ASSERT_TRUE(unlinked.ok()) << unlinked.message();
  EXPECT_EQ(unlinked.response.tier().tier(), common::v1::TIER_NANO);
  EXPECT_EQ(unlinked.response.previous_tier(), common::v1::TIER_MACRO);

  v1::BatchGetTiersRequest batch;
  batch.add_ambassador_ids(id);
  batch.add_ambassador_ids(id);
  batch.add_ambassador_ids(UnknownId());
  auto tiers =
      suite_->Call(&Stub::BatchGetTiers, ServiceCaller("dispatch"), batch);
  ASSERT_TRUE(tiers.ok()) << tiers.message();
  ASSERT_EQ(tiers.response.records_size(), 1);
  EXPECT_EQ(tiers.response.records(0).tier(), common::v1::TIER_NANO);
  EXPECT_EQ(tiers.response.not_found_ids_size(), 1);
}

TEST_F(RecruitmentServiceTest, ACampaignGoesFromDraftToClosed) {
  const std::string brand = UnknownId();
  // Three nano, two micro in Paris; one Belgian the targeting leaves out.
  std::vector<std::string> nanos, micros;
  for (int i = 0; i < 3; ++i)
    nanos.push_back(suite_->RegisterAmbassador(Tag("n")));
  for (int i = 0; i < 2; ++i) {
    micros.push_back(suite_->RegisterAmbassador(Tag("m")));
    suite_->LinkAccount(micros.back(), 2'000 + i);
  }
  auto belgian_profile = ValidProfile(Tag("be"));
  belgian_profile.set_country_code("BE");
  belgian_profile.set_postal_code("1000");
  belgian_profile.mutable_shipping_address()->set_country_code("BE");
  belgian_profile.mutable_shipping_address()->set_postal_code("1000");
  auto belgian = suite_->Call(&Stub::RegisterAmbassador, OpsCaller(),
                              RegisterRequest(belgian_profile));
  ASSERT_TRUE(belgian.ok()) << belgian.message();
  const std::string belgian_id = belgian.response.ambassador().ambassador_id();

  // Counting before saving anything.
  v1::CountEligibleAmbassadorsRequest count;
  *count.mutable_targeting() = ValidCampaignSpec().targeting();
  auto counted =
      suite_->Call(&Stub::CountEligibleAmbassadors, BrandCaller(brand), count);
  ASSERT_TRUE(counted.ok()) << counted.message();
  EXPECT_GE(counted.response.total(), 5);
  ASSERT_EQ(counted.response.by_tier_size(), 3);
  EXPECT_GE(counted.response.by_tier(1).count(), 2);

  // Create in DRAFT; an ambassador cannot see it yet.
  v1::CreateCampaignRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_campaign() = ValidCampaignSpec(/*slots=*/3);
  auto created =
      suite_->Call(&Stub::CreateCampaign, BrandCaller(brand), create);
  ASSERT_TRUE(created.ok()) << created.message();
  const std::string campaign_id = created.response.campaign().campaign_id();
  EXPECT_EQ(created.response.campaign().status(), v1::CAMPAIGN_STATUS_DRAFT);
  v1::GetCampaignRequest get;
  get.set_campaign_id(campaign_id);
  EXPECT_EQ(
      suite_->Call(&Stub::GetCampaign, AmbassadorCaller(nanos[0]), get).code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(suite_->Apply(nanos[0], campaign_id), "");
  // Read back, a draft has no opening, selection or closing time.
  auto draft = suite_->Call(&Stub::GetCampaign, BrandCaller(brand), get);
  ASSERT_TRUE(draft.ok());
  EXPECT_FALSE(draft.response.has_opened_at());
  EXPECT_FALSE(draft.response.has_selection_done_at());
  EXPECT_FALSE(draft.response.has_closed_at());

  v1::OpenCampaignRequest open;
  open.set_request_id(NewRequestId());
  open.set_campaign_id(campaign_id);
  auto opened = suite_->Call(&Stub::OpenCampaign, BrandCaller(brand), open);
  ASSERT_TRUE(opened.ok()) << opened.message();
  EXPECT_EQ(opened.response.campaign().status(),
            v1::CAMPAIGN_STATUS_RECRUITING);
  EXPECT_GE(opened.response.campaign().eligible_count(), 5);
  open.set_request_id(NewRequestId());
  EXPECT_EQ(suite_->Call(&Stub::OpenCampaign, BrandCaller(brand), open).code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // While RECRUITING the slots are frozen, the name is not.
  v1::UpdateCampaignRequest update;
  update.set_request_id(NewRequestId());
  update.set_campaign_id(campaign_id);
  update.mutable_campaign()->set_slots(50);
  update.mutable_update_mask()->add_paths("slots");
  EXPECT_EQ(
      suite_->Call(&Stub::UpdateCampaign, BrandCaller(brand), update).code(),
      grpc::StatusCode::FAILED_PRECONDITION);

  // The app lists it for a Parisian, not for the Belgian.
  v1::ListOpenCampaignsRequest offers;
  auto paris = suite_->Call(&Stub::ListOpenCampaigns,
                            AmbassadorCaller(nanos[0]), offers);
  ASSERT_TRUE(paris.ok()) << paris.message();
  EXPECT_TRUE(std::any_of(
      paris.response.campaigns().begin(), paris.response.campaigns().end(),
      [&](const auto& offer) {
        return offer.campaign().campaign_id() == campaign_id &&
               offer.blockers().empty() &&
               offer.campaign().spec().quotas().empty();  // hidden from them
      }));
  auto brussels = suite_->Call(&Stub::ListOpenCampaigns,
                               AmbassadorCaller(belgian_id), offers);
  ASSERT_TRUE(brussels.ok());
  for (const auto& offer : brussels.response.campaigns()) {
    EXPECT_NE(offer.campaign().campaign_id(), campaign_id);
  }
  EXPECT_EQ(suite_->Apply(belgian_id, campaign_id), "");

  // Everyone applies; applying twice is ALREADY_EXISTS.
  std::vector<std::string> applications;
  for (const auto& id : nanos)
    applications.push_back(suite_->Apply(id, campaign_id));
  for (const auto& id : micros)
    applications.push_back(suite_->Apply(id, campaign_id));
  for (const auto& application : applications)
    ASSERT_FALSE(application.empty());
  v1::ApplyToCampaignRequest again;
  again.set_request_id(NewRequestId());
  again.set_campaign_id(campaign_id);
  EXPECT_EQ(
      suite_->Call(&Stub::ApplyToCampaign, AmbassadorCaller(nanos[0]), again)
          .code(),
      grpc::StatusCode::ALREADY_EXISTS);

  // A dry run with a seed, then the selection itself, give the same testers.
  v1::SelectTestersRequest select;
  select.set_request_id(NewRequestId());
  select.set_campaign_id(campaign_id);
  select.set_seed(1234);
  select.set_dry_run(true);
  auto preview = suite_->Call(&Stub::SelectTesters, BrandCaller(brand), select);
  ASSERT_TRUE(preview.ok()) << preview.message();
  EXPECT_EQ(preview.response.campaign().status(),
            v1::CAMPAIGN_STATUS_RECRUITING);
  select.set_request_id(NewRequestId());
  select.set_dry_run(false);
  auto selected =
      suite_->Call(&Stub::SelectTesters, BrandCaller(brand), select);
  ASSERT_TRUE(selected.ok()) << selected.message();
  ASSERT_EQ(selected.response.selected_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(selected.response.selected(i).ambassador_id(),
              preview.response.selected(i).ambassador_id());
    EXPECT_EQ(selected.response.selected(i).rank(), i + 1);
  }
  // 3 slots at 70/30: 2 nano, 1 micro.
  EXPECT_EQ(selected.response.buckets(0).filled(), 2);
  EXPECT_EQ(selected.response.buckets(1).filled(), 1);
  EXPECT_EQ(selected.response.campaign().status(),
            v1::CAMPAIGN_STATUS_SELECTION_DONE);
  EXPECT_EQ(selected.response.campaign().selected_count(), 3);
  EXPECT_EQ(suite_->CountRows(
                "outbox", "type = 'nanoinfluence.common.v1.SelectionChanged'"),
            3);

  // Dispatch reads the addresses, by rank; brands may not.
  v1::ListSelectedTestersRequest testers;
  testers.set_campaign_id(campaign_id);
  testers.mutable_page()->set_page_size(2);
  auto page1 = suite_->Call(&Stub::ListSelectedTesters,
                            ServiceCaller("dispatch"), testers);
  ASSERT_TRUE(page1.ok()) << page1.message();
  ASSERT_EQ(page1.response.testers_size(), 2);
  EXPECT_EQ(page1.response.testers(0).rank(), 1);
  EXPECT_EQ(page1.response.testers(0).shipping_address().city(), "Paris");
  testers.mutable_page()->set_page_token(
      page1.response.page().next_page_token());
  auto page2 = suite_->Call(&Stub::ListSelectedTesters,
                            ServiceCaller("dispatch"), testers);
  ASSERT_TRUE(page2.ok()) << page2.message();
  ASSERT_EQ(page2.response.testers_size(), 1);
  EXPECT_EQ(page2.response.testers(0).rank(), 3);
  EXPECT_TRUE(page2.response.page().next_page_token().empty());

  // A selected tester holds an active test: no other application.
  const std::string tester = selected.response.selected(0).ambassador_id();
  const std::string other_campaign =
      suite_->OpenCampaign(brand, ValidCampaignSpec());
  ASSERT_FALSE(other_campaign.empty());
  v1::ApplyToCampaignRequest busy;
  busy.set_request_id(NewRequestId());
  busy.set_campaign_id(other_campaign);
  auto refused =
      suite_->Call(&Stub::ApplyToCampaign, AmbassadorCaller(tester), busy);
  EXPECT_EQ(refused.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.message(), HasSubstr("active test"));
  // Nor an invitation: the brand's invite skips them and says why.
  v1::InviteAmbassadorsRequest invite;
  invite.set_request_id(NewRequestId());
  invite.set_campaign_id(other_campaign);
  invite.add_ambassador_ids(tester);
  auto invited =
      suite_->Call(&Stub::InviteAmbassadors, BrandCaller(brand), invite);
  ASSERT_TRUE(invited.ok()) << invited.message();
  EXPECT_EQ(invited.response.invited_size(), 0);
  ASSERT_EQ(invited.response.skipped_size(), 1);
  EXPECT_EQ(invited.response.skipped(0).reason(),
            v1::INVITE_SKIP_REASON_ACTIVE_TEST);

  // The brand overrides: reject one, accept the one left out.
  v1::OverrideSelectionRequest reject;
  reject.set_request_id(NewRequestId());
  reject.set_application_id(selected.response.selected(2).application_id());
  reject.set_decision(v1::SELECTION_DECISION_REJECT);
  reject.set_note("Changed our mind");
  auto rejected =
      suite_->Call(&Stub::OverrideSelection, BrandCaller(brand), reject);
  ASSERT_TRUE(rejected.ok()) << rejected.message();
  EXPECT_EQ(rejected.response.campaign().selected_count(), 2);
  v1::ListApplicationsRequest left_out;
  left_out.set_campaign_id(campaign_id);
  left_out.add_statuses(v1::APPLICATION_STATUS_NOT_SELECTED);
  auto not_selected =
      suite_->Call(&Stub::ListApplications, BrandCaller(brand), left_out);
  ASSERT_TRUE(not_selected.ok()) << not_selected.message();
  ASSERT_EQ(not_selected.response.applications_size(), 3);
  v1::OverrideSelectionRequest accept;
  accept.set_request_id(NewRequestId());
  accept.set_application_id(
      not_selected.response.applications(0).application_id());
  accept.set_decision(v1::SELECTION_DECISION_ACCEPT);
  auto accepted =
      suite_->Call(&Stub::OverrideSelection, BrandCaller(brand), accept);
  ASSERT_TRUE(accepted.ok()) << accepted.message();
  EXPECT_TRUE(accepted.response.application().overridden());
  EXPECT_EQ(accepted.response.application().rank(),
            3);  // after the last selected
  accept.set_request_id(NewRequestId());
  accept.set_application_id(
      not_selected.response.applications(1).application_id());
  EXPECT_EQ(
      suite_->Call(&Stub::OverrideSelection, BrandCaller(brand), accept).code(),
      grpc::StatusCode::FAILED_PRECONDITION);  // no free slot

  // Once dispatch allocated a sample, the tester can no longer withdraw.
  common::v1::IngestEventsRequest events;
  events.set_producer("dispatch");
  common::v1::Event* event = events.add_events();
  event->set_event_id(events::NewEventId());
  event->set_producer("dispatch");
  event->set_sequence(1);
  event->set_aggregate_type("shipment");
  event->set_aggregate_id(events::NewEventId());
  event->set_type("nanoinfluence.common.v1.SampleAllocated");
  auto* allocated = event->mutable_sample_allocated();
  allocated->set_campaign_id(campaign_id);
  allocated->set_ambassador_id(tester);
  allocated->set_quantity(1);
  auto ingested =
      suite_->Call(&Stub::IngestEvents, ServiceCaller("dispatch"), events);
  ASSERT_TRUE(ingested.ok()) << ingested.message();
  EXPECT_EQ(ingested.response.applied_event_ids_size(), 1);
  v1::WithdrawApplicationRequest withdraw;
  withdraw.set_request_id(NewRequestId());
  withdraw.set_application_id(selected.response.selected(0).application_id());
  EXPECT_EQ(
      suite_
          ->Call(&Stub::WithdrawApplication, AmbassadorCaller(tester), withdraw)
          .code(),
      grpc::StatusCode::FAILED_PRECONDITION);

  // The test closes with content on time: the active test is released and
  // the reliability moves up.
  events.mutable_events(0)->set_event_id(events::NewEventId());
  events.mutable_events(0)->set_type("nanoinfluence.common.v1.TestClosed");
  auto* closed = events.mutable_events(0)->mutable_test_closed();
  closed->set_campaign_id(campaign_id);
  closed->set_ambassador_id(tester);
  closed->set_outcome(common::v1::TEST_OUTCOME_POSTED_ON_TIME);
  ingested =
      suite_->Call(&Stub::IngestEvents, ServiceCaller("dispatch"), events);
  ASSERT_TRUE(ingested.ok()) << ingested.message();
  // The same close again, under another event id, counts nothing twice.
  events.mutable_events(0)->set_event_id(events::NewEventId());
  auto again_closed =
      suite_->Call(&Stub::IngestEvents, ServiceCaller("dispatch"), events);
  ASSERT_TRUE(again_closed.ok()) << again_closed.message();
  EXPECT_EQ(again_closed.response.rejected_event_ids_size(), 1);
  v1::GetAmbassadorRequest read;
  read.set_ambassador_id(tester);
  auto after_test = suite_->Call(&Stub::GetAmbassador, OpsCaller(), read);
  ASSERT_TRUE(after_test.ok());
  EXPECT_TRUE(after_test.response.active_test_campaign_id().empty());
  EXPECT_EQ(after_test.response.reliability().posted_on_time(), 1);
  EXPECT_GT(after_test.response.reliability().score(), 0.5);
  busy.set_request_id(NewRequestId());
  EXPECT_TRUE(
      suite_->Call(&Stub::ApplyToCampaign, AmbassadorCaller(tester), busy)
          .ok());

  // Close: pending applications become NOT_SELECTED; no second close.
  v1::CloseCampaignRequest close;
  close.set_request_id(NewRequestId());
  close.set_campaign_id(campaign_id);
  auto closed_campaign =
      suite_->Call(&Stub::CloseCampaign, BrandCaller(brand), close);
  ASSERT_TRUE(closed_campaign.ok()) << closed_campaign.message();
  EXPECT_EQ(closed_campaign.response.campaign().status(),
            v1::CAMPAIGN_STATUS_CLOSED);
  close.set_request_id(NewRequestId());
  EXPECT_EQ(
      suite_->Call(&Stub::CloseCampaign, BrandCaller(brand), close).code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  // Nothing changes on a closed campaign, a selection included.
  v1::WithdrawApplicationRequest late;
  late.set_request_id(NewRequestId());
  late.set_application_id(selected.response.selected(1).application_id());
  EXPECT_EQ(suite_
                ->Call(&Stub::WithdrawApplication,
                       AmbassadorCaller(
                           selected.response.selected(1).ambassador_id()),
                       late)
                .code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(RecruitmentServiceTest, OneProductPerHousehold) {
  const std::string brand = UnknownId();
  const std::string campaign_id =
      suite_->OpenCampaign(brand, ValidCampaignSpec());
  ASSERT_FALSE(campaign_id.empty());
  auto first = ValidProfile(Tag("home-a"));
  auto partner = ValidProfile(Tag("home-b"));
  *partner.mutable_shipping_address() = first.shipping_address();
  partner.mutable_shipping_address()->set_line1(
      absl::AsciiStrToUpper(first.shipping_address().line1()));
  auto a = suite_->Call(&Stub::RegisterAmbassador, OpsCaller(),
                        RegisterRequest(first));
  auto b = suite_->Call(&Stub::RegisterAmbassador, OpsCaller(),
                        RegisterRequest(partner));
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_FALSE(
      suite_->Apply(a.response.ambassador().ambassador_id(), campaign_id)
          .empty());
  v1::ApplyToCampaignRequest apply;
  apply.set_request_id(NewRequestId());
  apply.set_campaign_id(campaign_id);
  auto refused = suite_->Call(
      &Stub::ApplyToCampaign,
      AmbassadorCaller(b.response.ambassador().ambassador_id()), apply);
  EXPECT_EQ(refused.code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.message(), HasSubstr("household"));
}

TEST_F(RecruitmentServiceTest, TheAppPagesThroughOpenCampaignsSoonestFirst) {
  const std::string brand = UnknownId();
  std::set<std::string> opened;
  for (int days = 3; days >= 1; --days) {
    auto spec = ValidCampaignSpec();
    spec.mutable_application_window()->mutable_end()->set_seconds(
        absl::ToUnixSeconds(absl::Now()) + days * 86400);
    opened.insert(suite_->OpenCampaign(brand, spec));
  }
  const std::string reader = suite_->RegisterAmbassador(Tag("reader"));
  v1::ListOpenCampaignsRequest list;
  list.mutable_page()->set_page_size(1);
  std::vector<std::string> seen;
  int64_t last_end = 0;
  for (int pages = 0; pages < 100; ++pages) {
    auto page =
        suite_->Call(&Stub::ListOpenCampaigns, AmbassadorCaller(reader), list);
    ASSERT_TRUE(page.ok()) << page.message();
    for (const auto& offer : page.response.campaigns()) {
      const int64_t end =
          offer.campaign().spec().application_window().end().seconds();
      EXPECT_GE(end, last_end);
      last_end = end;
      seen.push_back(offer.campaign().campaign_id());
    }
    if (page.response.page().next_page_token().empty()) break;
    list.mutable_page()->set_page_token(page.response.page().next_page_token());
  }
  const std::set<std::string> distinct(seen.begin(), seen.end());
  EXPECT_EQ(distinct.size(), seen.size());
  for (const std::string& id : opened) EXPECT_TRUE(distinct.contains(id)) << id;
}

TEST_F(RecruitmentServiceTest,
       AnInvitationShowsInTheAppAndBecomesAnApplication) {
  const std::string brand = UnknownId();
  const std::string campaign_id =
      suite_->OpenCampaign(brand, ValidCampaignSpec());
  ASSERT_FALSE(campaign_id.empty());
  const std::string guest = suite_->RegisterAmbassador(Tag("guest"));
  v1::InviteAmbassadorsRequest invite;
  invite.set_request_id(NewRequestId());
  invite.set_campaign_id(campaign_id);
  invite.add_ambassador_ids(guest);
  invite.add_ambassador_ids(guest);  // duplicates are answered once
  invite.add_ambassador_ids(UnknownId());
  auto invited =
      suite_->Call(&Stub::InviteAmbassadors, BrandCaller(brand), invite);
  ASSERT_TRUE(invited.ok()) << invited.message();
  ASSERT_EQ(invited.response.invited_size(), 1);
  EXPECT_EQ(invited.response.invited(0).status(),
            v1::APPLICATION_STATUS_INVITED);
  ASSERT_EQ(invited.response.skipped_size(), 1);
  EXPECT_EQ(invited.response.skipped(0).reason(),
            v1::INVITE_SKIP_REASON_NOT_ELIGIBLE);

  auto offers = suite_->Call(&Stub::ListOpenCampaigns, AmbassadorCaller(guest),
                             v1::ListOpenCampaignsRequest());
  ASSERT_TRUE(offers.ok());
  bool shown = false;
  for (const auto& offer : offers.response.campaigns()) {
    if (offer.campaign().campaign_id() != campaign_id) continue;
    shown = true;
    EXPECT_EQ(offer.my_application().status(), v1::APPLICATION_STATUS_INVITED);
  }
  EXPECT_TRUE(shown);
  ASSERT_FALSE(suite_->Apply(guest, campaign_id).empty());
  invite.set_request_id(NewRequestId());
  auto again =
      suite_->Call(&Stub::InviteAmbassadors, BrandCaller(brand), invite);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.response.skipped(0).reason(),
            v1::INVITE_SKIP_REASON_ALREADY_APPLIED);
}

TEST_F(RecruitmentServiceTest, ErasureLeavesNoTrace) {
  const std::string canary = "Zqxvcanary";
  auto profile = ValidProfile(Tag(canary));
  profile.set_phone("+33699887766");
  auto registered = suite_->Call(&Stub::RegisterAmbassador, OpsCaller(),
                                 RegisterRequest(profile));
  ASSERT_TRUE(registered.ok()) << registered.message();
  const std::string id = registered.response.ambassador().ambassador_id();
  suite_->LinkAccount(id, 1'500);
  const std::string campaign_id =
      suite_->OpenCampaign(UnknownId(), ValidCampaignSpec());
  ASSERT_FALSE(suite_->Apply(id, campaign_id).empty());
  // A brand's invitation answer, stored for its retries, names them too.
  const std::string brand = UnknownId();
  const std::string other_campaign =
      suite_->OpenCampaign(brand, ValidCampaignSpec());
  v1::InviteAmbassadorsRequest invite;
  invite.set_request_id(NewRequestId());
  invite.set_campaign_id(other_campaign);
  invite.add_ambassador_ids(id);
  ASSERT_TRUE(
      suite_->Call(&Stub::InviteAmbassadors, BrandCaller(brand), invite).ok());
  ASSERT_THAT(suite_->DatabaseBytes(), HasSubstr(canary));

  v1::EraseAmbassadorRequest erase;
  erase.set_request_id(NewRequestId());
  auto erased =
      suite_->Call(&Stub::EraseAmbassador, AmbassadorCaller(id), erase);
  ASSERT_TRUE(erased.ok()) << erased.message();
  EXPECT_EQ(erased.response.ambassador_id(), id);

  EXPECT_THAT(suite_->DatabaseBytes(), ::testing::Not(HasSubstr(canary)));
  EXPECT_THAT(suite_->DatabaseBytes(),
              ::testing::Not(HasSubstr("+33699887766")));
  EXPECT_THAT(suite_->RedisBytes(), ::testing::Not(HasSubstr(canary)));
  // Gone everywhere, counted anonymously.
  v1::GetAmbassadorRequest get;
  get.set_ambassador_id(id);
  EXPECT_EQ(suite_->Call(&Stub::GetAmbassador, OpsCaller(), get).code(),
            grpc::StatusCode::NOT_FOUND);
  erase.set_request_id(NewRequestId());
  erase.set_ambassador_id(id);
  EXPECT_EQ(suite_->Call(&Stub::EraseAmbassador, OpsCaller(), erase).code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(suite_->CountRows("ambassadors",
                              absl::StrCat("ambassador_id = '", id,
                                           "' AND erased_at IS NOT NULL")),
            1);
  EXPECT_EQ(suite_->CountRows("applications",
                              absl::StrCat("ambassador_id = '", id,
                                           "' AND status = 3")),  // WITHDRAWN
            2);  // the application and the invitation
  EXPECT_EQ(suite_->CountRows(
                "outbox", "type = 'nanoinfluence.common.v1.AmbassadorErased'"),
            1);
}

TEST_F(RecruitmentServiceTest, TheExportHoldsEverythingAboutThePerson) {
  const std::string id = suite_->RegisterAmbassador(Tag("export"));
  ASSERT_FALSE(id.empty());
  suite_->LinkAccount(id, 42);
  auto exported =
      suite_->Call(&Stub::ExportAmbassadorData, AmbassadorCaller(id),
                   v1::ExportAmbassadorDataRequest());
  ASSERT_TRUE(exported.ok()) << exported.message();
  const std::string& json = exported.response.json();
  EXPECT_THAT(json, HasSubstr("\"email\""));
  EXPECT_THAT(json, HasSubstr("\"socialAccounts\""));
  EXPECT_THAT(json, HasSubstr("\"consentHistory\":[{\"purpose\":\"terms\""));
  EXPECT_THAT(json, HasSubstr("\"applications\":[]"));
}

TEST_F(RecruitmentServiceTest, ListsPageThroughEverythingOnce) {
  const std::string brand = UnknownId();
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) {
    v1::CreateCampaignRequest create;
    create.set_request_id(NewRequestId());
    *create.mutable_campaign() = ValidCampaignSpec();
    auto answer =
        suite_->Call(&Stub::CreateCampaign, BrandCaller(brand), create);
    ASSERT_TRUE(answer.ok());
    created.insert(answer.response.campaign().campaign_id());
  }
  v1::ListCampaignsRequest list;
  list.mutable_page()->set_page_size(2);
  std::set<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = suite_->Call(&Stub::ListCampaigns, BrandCaller(brand), list);
    ASSERT_TRUE(page.ok()) << page.message();
    for (const auto& campaign : page.response.campaigns()) {
      EXPECT_TRUE(seen.insert(campaign.campaign_id()).second);
    }
    if (page.response.page().next_page_token().empty()) break;
    list.mutable_page()->set_page_token(page.response.page().next_page_token());
  }
  EXPECT_EQ(seen, created);
  // A token is bound to its filters.
  list.add_statuses(v1::CAMPAIGN_STATUS_DRAFT);
  auto other = suite_->Call(&Stub::ListCampaigns, BrandCaller(brand), list);
  EXPECT_EQ(other.code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(other.message(), HasSubstr("page.page_token"));
}

}  // namespace
}  // namespace nanoinfluence::testing
