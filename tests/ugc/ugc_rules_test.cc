// The ugc rules without a server: SubmitContentRequest's checks per kind
// and the bounded buffer of a live stream.
#include <string>

#include "gtest/gtest.h"
#include "services/ugc/submission_checks.h"
#include "services/ugc/watchers.h"

namespace nanoinfluence::ugc {
namespace {

constexpr char kCampaign[] = "0190f3a4-1111-7abc-8def-000000000001";

SubmissionPolicy Policy() {
  SubmissionPolicy policy;
  policy.media_hosts = {"media.nanoinfluence.app"};
  return policy;
}

v1::SubmitContentRequest Review() {
  v1::SubmitContentRequest r;
  r.set_request_id("r1");
  r.set_kind(common::v1::CONTENT_KIND_REVIEW);
  r.set_campaign_id(kCampaign);
  r.set_rating(4);
  r.set_title("Crunchy and not too sweet");
  r.set_body(std::string(60, 'a'));
  r.set_platform(common::v1::PLATFORM_RETAILER_SITE);
  r.set_disclosure(true);
  return r;
}

v1::MediaReference Photo() {
  v1::MediaReference m;
  m.set_url("https://media.nanoinfluence.app/p/1.jpg");
  m.set_content_type("image/jpeg");
  m.set_size_bytes(1000);
  return m;
}

std::string FieldOf(const absl::Status& status) {
  const std::string message(status.message());
  return message.substr(0, message.find(':'));
}

TEST(SubmissionChecksTest, AcceptsAValidReviewNormalised) {
  v1::SubmitContentRequest r = Review();
  r.set_title("  Cru\u200Bnchy \u202Eand not too sweet ");
  auto checked = CheckSubmission(r, Policy());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->title, "Crunchy and not too sweet");
  EXPECT_EQ(checked->platform, common::v1::PLATFORM_RETAILER_SITE);
}

TEST(SubmissionChecksTest, NamesTheFieldAKindDoesNotTake) {
  struct Case {
    std::function<void(v1::SubmitContentRequest&)> change;
    std::string field;
  } cases[] = {
      {[](auto& r) { r.set_rating(0); }, "rating"},
      {[](auto& r) { r.set_rating(6); }, "rating"},
      {[](auto& r) { r.set_title("ab"); }, "title"},
      {[](auto& r) { r.set_body(std::string(49, 'a')); }, "body"},
      {[](auto& r) { r.set_body(std::string(5001, 'a')); }, "body"},
      {[](auto& r) { r.set_body("\xC0\xAF bad"); }, "body"},
      {[](auto& r) { r.set_people_told(3); }, "people_told"},
      {[](auto& r) { r.set_platform(common::v1::PLATFORM_INSTAGRAM); },
       "platform"},
      {[](auto& r) { r.set_platform(static_cast<common::v1::Platform>(999)); },
       "platform"},
      {[](auto& r) { r.set_kind(static_cast<common::v1::ContentKind>(-1)); },
       "kind"},
      {[](auto& r) { r.set_campaign_id("nope"); }, "campaign_id"},
      {[](auto& r) { r.set_sku("bad sku"); }, "sku"},
      {[](auto& r) { r.set_author_display_name("marie@example.com"); },
       "author_display_name"},
      {[](auto& r) { r.set_author_display_name(std::string(41, 'm')); },
       "author_display_name"},
      {[](auto& r) { r.set_language_code("french!"); }, "language_code"},
      {[](auto& r) {
         r.set_social_network(common::v1::SOCIAL_NETWORK_INSTAGRAM);
       },
       "social_network"},
      {[](auto& r) { r.set_public_url("http://shop.example/r/1"); },
       "public_url"},
      {[](auto& r) {
         for (int i = 0; i < 6; ++i) *r.add_media() = Photo();
       },
       "media"},
      {[](auto& r) {
         auto* m = r.add_media();
         *m = Photo();
         m->set_url("https://elsewhere.example/p.jpg");
       },
       "media[0].url"},
      {[](auto& r) {
         auto* m = r.add_media();
         *m = Photo();
         m->set_content_type("application/pdf");
       },
       "media[0].content_type"},
      {[](auto& r) {
         auto* m = r.add_media();
         *m = Photo();
         m->set_size_bytes(20 * 1024 * 1024 + 1);
       },
       "media[0].size_bytes"},
      {[](auto& r) {
         auto* m = r.add_media();
         *m = Photo();
         m->set_duration_ms(10);
       },
       "media[0].duration_ms"},
  };
  for (const Case& c : cases) {
    v1::SubmitContentRequest r = Review();
    c.change(r);
    auto checked = CheckSubmission(r, Policy());
    ASSERT_FALSE(checked.ok()) << c.field;
    EXPECT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(FieldOf(checked.status()), c.field) << checked.status();
  }
}

TEST(SubmissionChecksTest, AMillionMediaReferencesAreRefusedByTheirCount) {
  v1::SubmitContentRequest r = Review();
  for (int i = 0; i < 1'000'000; ++i) r.add_media();
  auto checked = CheckSubmission(r, Policy());
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(FieldOf(checked.status()), "media");
}

TEST(SubmissionChecksTest, SocialPostDerivesItsPlatformAndChecksItsHost) {
  v1::SubmitContentRequest r;
  r.set_kind(common::v1::CONTENT_KIND_SOCIAL_POST);
  r.set_campaign_id(kCampaign);
  r.set_social_network(common::v1::SOCIAL_NETWORK_INSTAGRAM);
  r.set_body("Breakfast sorted #ad");
  r.set_public_url("https://www.instagram.com/p/abc");
  auto checked = CheckSubmission(r, Policy());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->platform, common::v1::PLATFORM_INSTAGRAM);

  r.set_public_url("https://www.tiktok.com/@me/video/1");
  EXPECT_EQ(FieldOf(CheckSubmission(r, Policy()).status()), "public_url");
  r.set_public_url("https://www.instagram.com/p/abc");
  r.set_platform(common::v1::PLATFORM_TIKTOK);
  EXPECT_EQ(FieldOf(CheckSubmission(r, Policy()).status()), "platform");
  r.clear_platform();
  r.clear_public_url();
  EXPECT_EQ(FieldOf(CheckSubmission(r, Policy()).status()), "public_url");
}

TEST(SubmissionChecksTest, WordOfMouthIsOfflineWithPeopleTold) {
  v1::SubmitContentRequest r;
  r.set_kind(common::v1::CONTENT_KIND_WORD_OF_MOUTH);
  r.set_campaign_id(kCampaign);
  r.set_platform(common::v1::PLATFORM_OFFLINE);
  r.set_people_told(12);
  EXPECT_TRUE(CheckSubmission(r, Policy()).ok());
  r.set_people_told(1001);
  EXPECT_EQ(FieldOf(CheckSubmission(r, Policy()).status()), "people_told");
  r.set_people_told(0);
  EXPECT_EQ(FieldOf(CheckSubmission(r, Policy()).status()), "people_told");
}

TEST(WatcherTest, AFullBufferEndsTheStreamInsteadOfWaiting) {
  Watcher watcher("c", {}, 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(watcher.Push(v1::WatchCampaignContentResponse()));
  }
  EXPECT_FALSE(watcher.Push(v1::WatchCampaignContentResponse()));
  v1::WatchCampaignContentResponse message;
  bool overflowed = false;
  EXPECT_FALSE(watcher.Pop(&message, &overflowed));
  EXPECT_TRUE(overflowed);
}

TEST(WatchersTest, PublishesToTheCampaignsWatchersWithTheirStatuses) {
  Watchers watchers;
  auto all = watchers.Open("brand:1", "c1", {});
  auto pending =
      watchers.Open("brand:1", "c1", {common::v1::CONTENT_STATUS_PENDING});
  auto other = watchers.Open("brand:1", "c2", {});
  ASSERT_TRUE(all.ok() && pending.ok() && other.ok());
  v1::Content content;
  content.set_campaign_id("c1");
  content.set_status(common::v1::CONTENT_STATUS_APPROVED);
  watchers.Publish(v1::CONTENT_CHANGE_SUBMITTED, content);
  v1::WatchCampaignContentResponse message;
  bool overflowed = false;
  EXPECT_TRUE((*all)->Pop(&message, &overflowed));
  EXPECT_EQ(message.change(), v1::CONTENT_CHANGE_SUBMITTED);
  EXPECT_FALSE((*pending)->Pop(&message, &overflowed));
  EXPECT_FALSE((*other)->Pop(&message, &overflowed));
}

TEST(WatchersTest, ACallerHasAtMostTenStreams) {
  Watchers watchers;
  std::vector<std::shared_ptr<Watcher>> open;
  for (int i = 0; i < Watchers::kMaxStreamsPerCaller; ++i) {
    auto w = watchers.Open("ops:x", "c", {});
    ASSERT_TRUE(w.ok());
    open.push_back(*w);
  }
  EXPECT_EQ(watchers.Open("ops:x", "c", {}).status().code(),
            absl::StatusCode::kResourceExhausted);
  watchers.Close("ops:x", open.back().get());
  EXPECT_TRUE(watchers.Open("ops:x", "c", {}).ok());
}

}  // namespace
}  // namespace nanoinfluence::ugc
