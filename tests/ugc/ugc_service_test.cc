// The ugc service over real gRPC, with a real recruitment, dispatch and
// Redis: submission through automatic moderation to the feed and the live
// stream, verification with dispatch up and down, idempotency, manual
// moderation, reports and replies, engagement, erasure, tenancy, bad input.
#include <thread>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/events/outbox.h"
#include "libs/validation/timestamps.h"
#include "tests/dispatch/dispatch_suite.h"
#include "tests/harness/eventually.h"
#include "tests/harness/test_database.h"

namespace nanoinfluence::testing {
namespace {

using common::v1::CONTENT_STATUS_APPROVED;
using common::v1::CONTENT_STATUS_PENDING;
using common::v1::CONTENT_STATUS_REJECTED;
using Stub = ugc_v1::UgcService::Stub;

constexpr char kReview[] =
    "These oat bars stay crunchy all morning, the chocolate is dark and not "
    "too sweet, and the kids asked for a second one at breakfast.";

class UgcServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_ = new DispatchSuite(
        {}, std::vector<std::string>{"--reverify_every=200ms",
                                     "--max_submissions_per_minute=1000"});
    ASSERT_TRUE(suite_->ok()) << suite_->start_error();
    brand_ = events::NewEventId();
    campaign_ = suite_->SelectCampaign(brand_, 8);
    ASSERT_FALSE(campaign_.campaign_id.empty()) << suite_->start_error();
    ASSERT_TRUE(Eventually([] {
      return suite_->QueryUgcInt(absl::StrCat(
                 "SELECT COUNT(*) FROM campaigns WHERE campaign_id = '",
                 campaign_.campaign_id, "'")) == 1;
    })) << "ugc never heard of the campaign";
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }

  static ugc_v1::SubmitContentRequest ReviewBy(const std::string& body) {
    ugc_v1::SubmitContentRequest r;
    r.set_request_id(NewRequestId());
    r.set_kind(common::v1::CONTENT_KIND_REVIEW);
    r.set_campaign_id(campaign_.campaign_id);
    r.set_rating(5);
    r.set_title("Crunchy all morning");
    r.set_body(body);
    r.set_platform(common::v1::PLATFORM_RETAILER_SITE);
    r.set_disclosure(true);
    r.set_author_display_name("Marie L.");
    r.set_language_code("en-GB");
    return r;
  }
  static ugc_v1::SubmitContentRequest SocialPost(const std::string& caption) {
    ugc_v1::SubmitContentRequest r;
    r.set_request_id(NewRequestId());
    r.set_kind(common::v1::CONTENT_KIND_SOCIAL_POST);
    r.set_campaign_id(campaign_.campaign_id);
    r.set_social_network(common::v1::SOCIAL_NETWORK_INSTAGRAM);
    r.set_body(caption);
    r.set_public_url(
        absl::StrCat("https://www.instagram.com/p/", NewRequestId()));
    r.set_disclosure(true);
    return r;
  }
  static Answer<ugc_v1::SubmitContentResponse> Submit(
      const std::string& tester, const ugc_v1::SubmitContentRequest& r) {
    return suite_->CallUgc(&Stub::SubmitContent, AmbassadorCaller(tester), r);
  }
  static Answer<ugc_v1::Content> Get(const auth::Caller& caller,
                                     const std::string& content_id) {
    ugc_v1::GetContentRequest request;
    request.set_content_id(content_id);
    return suite_->CallUgc(&Stub::GetContent, caller, request);
  }
  // Allocates, ships and delivers the campaign's sample to `tester`.
  static void Deliver(const std::string& tester) {
    ASSERT_TRUE(suite_->SetStock(campaign_, "OAT", 100));
    EXPECT_EQ(suite_->Ship(campaign_, tester, "OAT",
                           {common::v1::SHIPMENT_STATUS_SHIPPED,
                            common::v1::SHIPMENT_STATUS_DELIVERED}),
              "");
  }
  static int64_t Contents() {
    return suite_->QueryUgcInt("SELECT COUNT(*) FROM contents");
  }

  static DispatchSuite* suite_;
  static std::string brand_;
  static SelectedCampaign campaign_;
};

DispatchSuite* UgcServiceTest::suite_ = nullptr;
std::string UgcServiceTest::brand_;
SelectedCampaign UgcServiceTest::campaign_;

TEST_F(UgcServiceTest, AReviewWaitsForDeliveryThenIsVerifiedAndSyndicated) {
  const std::string& tester = campaign_.testers[0];
  auto submitted = Submit(tester, ReviewBy(kReview));
  ASSERT_TRUE(submitted.ok()) << submitted.message();
  const ugc_v1::Content& held = submitted.response.content();
  EXPECT_EQ(held.status(), CONTENT_STATUS_PENDING);
  ASSERT_EQ(held.reasons_size(), 1);
  EXPECT_EQ(held.reasons(0),
            common::v1::MODERATION_REASON_PRODUCT_NOT_RECEIVED);
  EXPECT_EQ(held.tester_verification(),
            ugc_v1::TESTER_VERIFICATION_NOT_DELIVERED);
  EXPECT_TRUE(held.incentivised());

  Deliver(tester);
  ASSERT_TRUE(Eventually([&] {
    auto now = Get(OpsCaller(), held.content_id());
    return now.ok() && now.response.verified_tester() &&
           now.response.status() == CONTENT_STATUS_APPROVED;
  })) << "the delivery never verified the review";

  ugc_v1::StreamSyndicationFeedRequest feed;
  feed.set_sku("OAT-BAR-40G");
  grpc::ClientContext context;
  AddBearer(context, ServiceCaller("retailer"));
  auto reader =
      Stub(suite_->ugc_channel()).StreamSyndicationFeed(&context, feed);
  ugc_v1::StreamSyndicationFeedResponse entry;
  bool found = false;
  while (reader->Read(&entry)) {
    if (entry.review_id() != held.content_id()) continue;
    found = true;
    EXPECT_EQ(entry.rating(), 5);
    EXPECT_EQ(entry.author_display_name(), "Marie L.");
    EXPECT_TRUE(entry.incentivised());
    EXPECT_TRUE(entry.verified_tester());
    EXPECT_FALSE(entry.withdrawn());
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_TRUE(found);
}

TEST_F(UgcServiceTest, ASocialPostWithoutADisclosureMarkerIsHeld) {
  const std::string& tester = campaign_.testers[1];
  auto hidden = Submit(tester, SocialPost("Best breakfast bar ever, try it"));
  ASSERT_TRUE(hidden.ok()) << hidden.message();
  EXPECT_EQ(hidden.response.content().status(), CONTENT_STATUS_PENDING);
  ASSERT_EQ(hidden.response.content().reasons_size(), 1);
  EXPECT_EQ(hidden.response.content().reasons(0),
            common::v1::MODERATION_REASON_MISSING_DISCLOSURE);
  for (const char* caption :
       {"Petit-déjeuner réglé #publicité", "Collaboration commerciale : top",
        "Breakfast sorted #AD"}) {
    auto disclosed = Submit(tester, SocialPost(caption));
    ASSERT_TRUE(disclosed.ok()) << disclosed.message();
    EXPECT_EQ(disclosed.response.content().status(), CONTENT_STATUS_APPROVED)
        << caption;
    EXPECT_TRUE(disclosed.response.content().disclosure_marker_found());
    EXPECT_EQ(disclosed.response.content().platform(),
              common::v1::PLATFORM_INSTAGRAM);
  }
}

TEST_F(UgcServiceTest, CopiesAreRejectedAndNearCopiesHeld) {
  const std::string original =
      "I tried the hazelnut bar on a long hike and it kept me going for "
      "hours, soft inside with a crisp shell and real pieces of nut.";
  auto first = Submit(campaign_.testers[2], ReviewBy(original));
  ASSERT_TRUE(first.ok()) << first.message();
  auto copy = Submit(campaign_.testers[3],
                     ReviewBy("I TRIED the hazelnut bar, on a long hike; and "
                              "it kept me going for hours - soft inside with "
                              "a crisp shell and real pieces of nut!!"));
  ASSERT_TRUE(copy.ok()) << copy.message();
  EXPECT_EQ(copy.response.content().status(), CONTENT_STATUS_REJECTED);
  EXPECT_EQ(copy.response.content().reasons(0),
            common::v1::MODERATION_REASON_DUPLICATE);
  auto near = Submit(campaign_.testers[4],
                     ReviewBy(original + " Really recommended to hikers."));
  ASSERT_TRUE(near.ok()) << near.message();
  bool near_flagged = false;
  for (int reason : near.response.content().reasons()) {
    near_flagged |= reason == common::v1::MODERATION_REASON_NEAR_DUPLICATE;
  }
  EXPECT_TRUE(near_flagged);
  EXPECT_EQ(near.response.content().status(), CONTENT_STATUS_PENDING);
}

// Copies are looked for inside the write turn, so near copies sent at the
// same instant cannot all pass: exactly one is stored unflagged.
TEST_F(UgcServiceTest, NearCopiesSentAtTheSameInstantAreStillCaught) {
  const std::string original =
      "The cocoa crunch bars went with us to the lake, and after a cold swim "
      "they were the one thing everybody reached for before the sandwiches";
  std::vector<Answer<ugc_v1::SubmitContentResponse>> answers(4);
  std::vector<std::thread> senders;
  for (int i = 0; i < 4; ++i) {
    senders.emplace_back([&, i] {
      answers[i] = Submit(campaign_.testers[i],
                          ReviewBy(absl::StrCat(original, " (", i, ")")));
    });
  }
  for (std::thread& sender : senders) sender.join();
  int unflagged = 0;
  for (const auto& answer : answers) {
    ASSERT_TRUE(answer.ok()) << answer.message();
    const auto& reasons = answer.response.content().reasons();
    unflagged += !absl::c_linear_search(
        reasons, common::v1::MODERATION_REASON_NEAR_DUPLICATE);
  }
  EXPECT_EQ(unflagged, 1);
}

// As after a migration that changes the band scheme (0005): the band rows
// are gone and the content is left to re-band. A restarted ugc writes them
// before it serves, so a near copy of content stored before is still held.
TEST_F(UgcServiceTest, ContentLeftToReBandIsFoundAgainAfterARestart) {
  const std::string original =
      "The almond granola came in a paper bag that closes well, the clusters "
      "are big and golden, and a bowl with cold milk kept me full past noon.";
  auto first = Submit(campaign_.testers[2], ReviewBy(original));
  ASSERT_TRUE(first.ok()) << first.message();
  ASSERT_TRUE(ExecuteTestDatabase(
                  suite_->DataDirOf("ugc"), "ugc",
                  "DELETE FROM near_duplicate_bands; INSERT INTO "
                  "near_duplicate_rebanding (after_content_id) VALUES ('')")
                  .ok());
  suite_->StopUgc();
  ASSERT_TRUE(suite_->StartUgc()) << suite_->start_error();
  EXPECT_EQ(
      suite_->QueryUgcInt("SELECT COUNT(*) FROM near_duplicate_rebanding"), 0);
  EXPECT_EQ(suite_->QueryUgcInt("SELECT COUNT(*) FROM near_duplicate_bands"),
            suite_->QueryUgcInt(
                "SELECT 6 * COUNT(*) FROM contents WHERE minhash IS NOT NULL"));
  auto near = Submit(campaign_.testers[4],
                     ReviewBy(original + " I will buy it again."));
  ASSERT_TRUE(near.ok()) << near.message();
  EXPECT_THAT(
      near.response.content().reasons(),
      ::testing::Contains(common::v1::MODERATION_REASON_NEAR_DUPLICATE));
}

TEST_F(UgcServiceTest, ACorrectedResubmissionIsNotTakenForACopy) {
  const std::string& tester = campaign_.testers[6];
  const std::string caption =
      "My whole family tried the new oat bars this week on the way to "
      "school and work";
  auto held = Submit(tester, SocialPost(caption));
  ASSERT_TRUE(held.ok()) << held.message();
  EXPECT_EQ(held.response.content().status(), CONTENT_STATUS_PENDING);
  auto corrected = Submit(tester, SocialPost(caption + " #ad"));
  ASSERT_TRUE(corrected.ok()) << corrected.message();
  EXPECT_EQ(corrected.response.content().status(), CONTENT_STATUS_APPROVED);
  EXPECT_EQ(corrected.response.content().reasons_size(), 0);
  // Someone else's copy of it is still a copy.
  auto copied = Submit(campaign_.testers[7], SocialPost(caption + " #ad"));
  ASSERT_TRUE(copied.ok()) << copied.message();
  EXPECT_EQ(copied.response.content().status(), CONTENT_STATUS_REJECTED);
}

TEST_F(UgcServiceTest, ARetryGetsTheFirstAnswerAndStoresNothingMore) {
  const std::string& tester = campaign_.testers[5];
  ugc_v1::SubmitContentRequest r = SocialPost("Snack time #gifted");
  auto first = Submit(tester, r);
  ASSERT_TRUE(first.ok()) << first.message();
  const int64_t stored = Contents();
  auto again = Submit(tester, r);
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_EQ(again.response.content().content_id(),
            first.response.content().content_id());
  r.set_body("Another caption #gifted");
  EXPECT_EQ(Submit(tester, r).code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Contents(), stored);
}

TEST_F(UgcServiceTest, WithDispatchDownContentIsAcceptedThenVerifiedLater) {
  const std::string& tester = campaign_.testers[6];
  suite_->StopDispatch();
  ugc_v1::SubmitContentRequest photo;
  photo.set_request_id(NewRequestId());
  photo.set_kind(common::v1::CONTENT_KIND_PHOTO);
  photo.set_campaign_id(campaign_.campaign_id);
  photo.set_platform(common::v1::PLATFORM_APP);
  auto* media = photo.add_media();
  media->set_url("https://media.nanoinfluence.app/u/1.jpg");
  media->set_content_type("image/jpeg");
  media->set_size_bytes(200000);
  auto accepted = Submit(tester, photo);
  ASSERT_TRUE(suite_->StartDispatch()) << suite_->start_error();
  ASSERT_TRUE(accepted.ok()) << accepted.message();
  EXPECT_EQ(accepted.response.content().tester_verification(),
            ugc_v1::TESTER_VERIFICATION_UNKNOWN);
  EXPECT_EQ(accepted.response.content().status(), CONTENT_STATUS_APPROVED);
  ASSERT_TRUE(Eventually([&] {
    auto now =
        Get(AmbassadorCaller(tester), accepted.response.content().content_id());
    return now.ok() && now.response.tester_verification() ==
                           ugc_v1::TESTER_VERIFICATION_NOT_DELIVERED;
  })) << "the content was never verified again";
}

TEST_F(UgcServiceTest, TenantsSeeOnlyTheirOwnContent) {
  const std::string& tester = campaign_.testers[1];
  auto mine = Submit(tester, SocialPost("Tenancy check #ad"));
  ASSERT_TRUE(mine.ok()) << mine.message();
  const std::string id = mine.response.content().content_id();
  EXPECT_TRUE(Get(BrandCaller(brand_), id).ok());
  EXPECT_TRUE(Get(AmbassadorCaller(tester), id).ok());
  EXPECT_EQ(Get(BrandCaller(events::NewEventId()), id).code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(AmbassadorCaller(campaign_.testers[2]), id).code(),
            grpc::StatusCode::NOT_FOUND);

  ugc_v1::ListContentRequest list;
  list.set_campaign_id(campaign_.campaign_id);
  auto foreign = suite_->CallUgc(&Stub::ListContent,
                                 BrandCaller(events::NewEventId()), list);
  ASSERT_TRUE(foreign.ok());
  EXPECT_EQ(foreign.response.contents_size(), 0);
  auto own =
      suite_->CallUgc(&Stub::ListContent, AmbassadorCaller(tester), list);
  ASSERT_TRUE(own.ok());
  for (const auto& c : own.response.contents()) {
    EXPECT_EQ(c.ambassador_id(), tester);
  }
  list.set_brand_id(events::NewEventId());
  EXPECT_EQ(
      suite_->CallUgc(&Stub::ListContent, BrandCaller(brand_), list).code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(UgcServiceTest, ReportsGoToModeratorsWhoDecideAndBrandsReply) {
  const std::string& tester = campaign_.testers[7];
  auto post = Submit(tester, SocialPost("Moderation check #sponsored"));
  ASSERT_TRUE(post.ok()) << post.message();
  const std::string id = post.response.content().content_id();

  ugc_v1::ModerateContentRequest reject;
  reject.set_request_id(NewRequestId());
  reject.set_content_id(id);
  reject.set_decision(ugc_v1::MODERATION_DECISION_REJECT);
  reject.add_reasons(common::v1::MODERATION_REASON_OFF_TOPIC);
  EXPECT_EQ(suite_->CallUgc(&Stub::ModerateContent, BrandCaller(brand_), reject)
                .code(),
            grpc::StatusCode::PERMISSION_DENIED);

  ugc_v1::ReportContentRequest report;
  report.set_request_id(NewRequestId());
  report.set_content_id(id);
  report.set_reason(common::v1::MODERATION_REASON_OFF_TOPIC);
  auto reported =
      suite_->CallUgc(&Stub::ReportContent, BrandCaller(brand_), report);
  ASSERT_TRUE(reported.ok()) << reported.message();
  report.set_request_id(NewRequestId());
  EXPECT_EQ(
      suite_->CallUgc(&Stub::ReportContent, BrandCaller(brand_), report).code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  ugc_v1::ListContentRequest queue;
  queue.set_reported_only(true);
  auto queued = suite_->CallUgc(&Stub::ListContent, OpsCaller(), queue);
  ASSERT_TRUE(queued.ok());
  ASSERT_EQ(queued.response.contents_size(), 1);
  EXPECT_EQ(queued.response.contents(0).open_report_count(), 1);

  auto rejected = suite_->CallUgc(&Stub::ModerateContent, OpsCaller(), reject);
  ASSERT_TRUE(rejected.ok()) << rejected.message();
  EXPECT_EQ(rejected.response.content().status(), CONTENT_STATUS_REJECTED);
  EXPECT_TRUE(rejected.response.content().moderated_manually());
  EXPECT_EQ(rejected.response.content().open_report_count(), 0);
  reject.set_request_id(NewRequestId());
  EXPECT_EQ(suite_->CallUgc(&Stub::ModerateContent, OpsCaller(), reject).code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  ugc_v1::ReplyToContentRequest reply;
  reply.set_request_id(NewRequestId());
  reply.set_content_id(id);
  reply.set_body("Thank you for trying it!");
  EXPECT_EQ(
      suite_->CallUgc(&Stub::ReplyToContent, BrandCaller(brand_), reply).code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  ugc_v1::ModerateContentRequest approve;
  approve.set_request_id(NewRequestId());
  approve.set_content_id(id);
  approve.set_decision(ugc_v1::MODERATION_DECISION_APPROVE);
  ASSERT_TRUE(
      suite_->CallUgc(&Stub::ModerateContent, OpsCaller(), approve).ok());
  reply.set_request_id(NewRequestId());
  ASSERT_TRUE(
      suite_->CallUgc(&Stub::ReplyToContent, BrandCaller(brand_), reply).ok());
  auto seen = Get(AmbassadorCaller(tester), id);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen.response.replies_size(), 1);
  EXPECT_EQ(seen.response.replies(0).body(), "Thank you for trying it!");
  EXPECT_EQ(seen.response.reports_size(), 0);  // the author sees no report
  EXPECT_EQ(Get(BrandCaller(brand_), id).response.reports_size(), 1);
}

TEST_F(UgcServiceTest, EngagementFiguresOnlyGoUp) {
  auto post = Submit(campaign_.testers[2], SocialPost("Engagement #ad"));
  ASSERT_TRUE(post.ok()) << post.message();
  ugc_v1::UpdateEngagementRequest update;
  update.set_request_id(NewRequestId());
  update.set_content_id(post.response.content().content_id());
  update.set_likes(40);
  update.set_views(900);
  *update.mutable_measured_at() = Stamp(absl::Now());
  auto first =
      suite_->CallUgc(&Stub::UpdateEngagement, ServiceCaller("social"), update);
  ASSERT_TRUE(first.ok()) << first.message();
  update.set_request_id(NewRequestId());
  update.set_likes(35);
  update.set_views(1200);
  *update.mutable_measured_at() = Stamp(absl::Now());
  auto second =
      suite_->CallUgc(&Stub::UpdateEngagement, ServiceCaller("social"), update);
  ASSERT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(second.response.engagement().likes().value(), 40);
  EXPECT_EQ(second.response.engagement().views().value(), 1200);
  ASSERT_EQ(second.response.ignored_metrics_size(), 1);
  EXPECT_EQ(second.response.ignored_metrics(0), ugc_v1::ENGAGEMENT_KIND_LIKES);
  update.set_request_id(NewRequestId());
  update.set_likes(-1);
  EXPECT_EQ(
      suite_->CallUgc(&Stub::UpdateEngagement, OpsCaller(), update).code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  update.set_likes(50);
  EXPECT_EQ(suite_
                ->CallUgc(&Stub::UpdateEngagement,
                          AmbassadorCaller(campaign_.testers[2]), update)
                .code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// The brand's live stream of the campaign on `ugc`, open once it returns.
std::unique_ptr<grpc::ClientReader<ugc_v1::WatchCampaignContentResponse>>
WatchAsTheBrand(const std::shared_ptr<grpc::Channel>& ugc,
                const std::string& brand, const std::string& campaign_id,
                grpc::ClientContext& context) {
  ugc_v1::WatchCampaignContentRequest watch;
  watch.set_campaign_id(campaign_id);
  AddBearer(context, BrandCaller(brand));
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  auto reader = Stub(ugc).WatchCampaignContent(&context, watch);
  // The stream is open once the server sent its initial metadata.
  reader->WaitForInitialMetadata();
  return reader;
}

TEST_F(UgcServiceTest, WatchersSeeNewContentAsItArrives) {
  grpc::ClientContext context;
  auto reader = WatchAsTheBrand(suite_->ugc_channel(), brand_,
                                campaign_.campaign_id, context);
  std::string submitted_id;
  ASSERT_TRUE(Eventually([&] {
    auto post = Submit(campaign_.testers[3], SocialPost("Live #ad"));
    submitted_id = post.response.content().content_id();
    return post.ok();
  }));
  ugc_v1::WatchCampaignContentResponse message;
  bool seen = false;
  while (!seen && reader->Read(&message)) {
    seen = message.content().content_id() == submitted_id;
  }
  ASSERT_TRUE(seen);
  EXPECT_EQ(message.change(), ugc_v1::CONTENT_CHANGE_SUBMITTED);
  context.TryCancel();
  reader->Finish().IgnoreError();

  ugc_v1::WatchCampaignContentRequest watch;
  watch.set_campaign_id(events::NewEventId());
  grpc::ClientContext other;
  AddBearer(other, BrandCaller(brand_));
  auto missing =
      Stub(suite_->ugc_channel()).WatchCampaignContent(&other, watch);
  EXPECT_FALSE(missing->Read(&message));
  EXPECT_EQ(missing->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(UgcServiceTest, AWatcherOnOneReplicaSeesWhatAnotherCommitted) {
  ASSERT_TRUE(suite_->StartUgcReplica()) << suite_->start_error();
  grpc::ClientContext context;
  auto reader = WatchAsTheBrand(suite_->ugc_replica_channel(), brand_,
                                campaign_.campaign_id, context);
  // Submitted and then moderated on the first replica.
  auto post = Submit(campaign_.testers[4], SocialPost("Other replica #ad"));
  ASSERT_TRUE(post.ok()) << post.message();
  const std::string content_id = post.response.content().content_id();
  ugc_v1::ModerateContentRequest moderate;
  moderate.set_request_id(NewRequestId());
  moderate.set_content_id(content_id);
  moderate.set_decision(ugc_v1::MODERATION_DECISION_REJECT);
  moderate.add_reasons(common::v1::MODERATION_REASON_OFF_TOPIC);
  auto moderated =
      suite_->CallUgc(&Stub::ModerateContent, OpsCaller(), moderate);
  ASSERT_TRUE(moderated.ok()) << moderated.message();
  std::vector<ugc_v1::ContentChange> changes;
  ugc_v1::WatchCampaignContentResponse message;
  while (changes.size() < 2 && reader->Read(&message)) {
    if (message.content().content_id() == content_id) {
      changes.push_back(message.change());
    }
  }
  EXPECT_EQ(changes, (std::vector<ugc_v1::ContentChange>{
                         ugc_v1::CONTENT_CHANGE_SUBMITTED,
                         ugc_v1::CONTENT_CHANGE_MODERATED}));
  EXPECT_EQ(message.content().status(), CONTENT_STATUS_REJECTED);

  // Approved, then replied to by the brand, on the first replica.
  ugc_v1::ModerateContentRequest approve = moderate;
  approve.set_request_id(NewRequestId());
  approve.set_decision(ugc_v1::MODERATION_DECISION_APPROVE);
  approve.clear_reasons();
  ASSERT_TRUE(
      suite_->CallUgc(&Stub::ModerateContent, OpsCaller(), approve).ok());
  ugc_v1::ReplyToContentRequest reply;
  reply.set_request_id(NewRequestId());
  reply.set_content_id(content_id);
  reply.set_body("Glad you liked it");
  ASSERT_TRUE(
      suite_->CallUgc(&Stub::ReplyToContent, BrandCaller(brand_), reply).ok());
  while (changes.size() < 4 && reader->Read(&message)) {
    if (message.content().content_id() == content_id) {
      changes.push_back(message.change());
    }
  }
  EXPECT_EQ(
      changes,
      (std::vector<ugc_v1::ContentChange>{
          ugc_v1::CONTENT_CHANGE_SUBMITTED, ugc_v1::CONTENT_CHANGE_MODERATED,
          ugc_v1::CONTENT_CHANGE_MODERATED, ugc_v1::CONTENT_CHANGE_REPLIED}));
  ASSERT_EQ(message.content().replies_size(), 1);
  EXPECT_EQ(message.content().replies(0).body(), "Glad you liked it");
  context.TryCancel();
  reader->Finish().IgnoreError();
}

TEST_F(UgcServiceTest, AShutdownEndsLiveStreamsWithUnavailable) {
  ugc_v1::WatchCampaignContentRequest watch;
  watch.set_campaign_id(campaign_.campaign_id);
  grpc::ClientContext context;
  AddBearer(context, OpsCaller());
  auto reader =
      Stub(suite_->ugc_channel()).WatchCampaignContent(&context, watch);
  reader->WaitForInitialMetadata();
  suite_->StopUgc();
  ugc_v1::WatchCampaignContentResponse message;
  while (reader->Read(&message)) {
  }
  const grpc::Status ended = reader->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(ended.error_message().find("shutting down"), std::string::npos)
      << ended.error_message();
  ASSERT_TRUE(suite_->StartUgc()) << suite_->start_error();
}

TEST_F(UgcServiceTest, ErasureRemovesTheAuthorButKeepsTheContentCounted) {
  const std::string& tester = campaign_.testers[0];
  ugc_v1::SubmitContentRequest r =
      SocialPost("Thanks @marie.cooks for the tip #ad");
  r.set_author_display_name("Marie L.");
  auto post = Submit(tester, r);
  ASSERT_TRUE(post.ok()) << post.message();
  const int64_t stored = Contents();

  common::v1::IngestEventsRequest events;
  events.set_producer("recruitment");
  common::v1::Event* event = events.add_events();
  event->set_event_id(events::NewEventId());
  event->set_producer("recruitment");
  event->set_sequence(1'000'000);
  event->set_type("nanoinfluence.common.v1.AmbassadorErased");
  event->set_aggregate_type("ambassador");
  event->set_aggregate_id(tester);
  *event->mutable_occurred_at() = Stamp(absl::Now());
  event->mutable_ambassador_erased()->set_ambassador_id(tester);
  auto ingested = suite_->CallUgc(&Stub::IngestEvents,
                                  ServiceCaller("recruitment"), events);
  ASSERT_TRUE(ingested.ok()) << ingested.message();

  auto erased = Get(OpsCaller(), post.response.content().content_id());
  ASSERT_TRUE(erased.ok());
  EXPECT_TRUE(erased.response.author_erased());
  EXPECT_EQ(erased.response.author_display_name(), "");
  EXPECT_EQ(erased.response.body(), "Thanks [removed] for the tip #ad");
  EXPECT_EQ(erased.response.public_url(), "");
  EXPECT_EQ(Contents(), stored);
  EXPECT_EQ(suite_->QueryUgcInt(absl::StrCat(
                "SELECT COUNT(*) FROM idempotency_keys WHERE data_subject = '",
                tester, "'")),
            0);
}

TEST_F(UgcServiceTest, BadInputIsRefusedNamingTheFieldAndStoresNothing) {
  const std::string& tester = campaign_.testers[4];
  const int64_t stored = Contents();
  struct Case {
    std::function<void(ugc_v1::SubmitContentRequest&)> change;
    grpc::StatusCode code;
    std::string field;
  } cases[] = {
      {[](auto& r) { r.set_body("\xC0\xAF not UTF-8"); },
       grpc::StatusCode::INVALID_ARGUMENT, "body"},
      {[](auto& r) { r.set_title(std::string("\0\0\0", 3)); },
       grpc::StatusCode::INVALID_ARGUMENT, "title"},
      {[](auto& r) { r.set_title("\u200B\u200B\u202E\u2066"); },
       grpc::StatusCode::INVALID_ARGUMENT, "title"},
      {[](auto& r) { r.set_body(std::string(1'000'000, 'a')); },
       grpc::StatusCode::INVALID_ARGUMENT, "body"},
      {[](auto& r) { r.set_body(std::string(5'000'000, 'a')); },
       grpc::StatusCode::RESOURCE_EXHAUSTED, ""},
      {[](auto& r) {
         for (int i = 0; i < 1'000'000; ++i) r.add_media();
       },
       grpc::StatusCode::INVALID_ARGUMENT, "media"},
      {[](auto& r) { r.set_rating(6); }, grpc::StatusCode::INVALID_ARGUMENT,
       "rating"},
      {[](auto& r) { r.set_kind(static_cast<common::v1::ContentKind>(999)); },
       grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {[](auto& r) { r.set_request_id(""); },
       grpc::StatusCode::INVALID_ARGUMENT, "request_id"},
      {[](auto& r) { r.set_campaign_id(events::NewEventId()); },
       grpc::StatusCode::NOT_FOUND, ""},
  };
  for (const Case& c : cases) {
    ugc_v1::SubmitContentRequest r = ReviewBy(kReview);
    c.change(r);
    auto answer = Submit(tester, r);
    EXPECT_EQ(answer.code(), c.code) << c.field << ": " << answer.message();
    if (!c.field.empty()) {
      EXPECT_EQ(answer.message().substr(0, c.field.size() + 1), c.field + ":")
          << answer.message();
    }
  }
  EXPECT_EQ(Contents(), stored);
  EXPECT_EQ(suite_
                ->CallUgc(&Stub::SubmitContent, BrandCaller(brand_),
                          ReviewBy(kReview))
                .code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace nanoinfluence::testing
