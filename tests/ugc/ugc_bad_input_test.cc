// Bad input on every RPC of the ugc service (QUALITY.md's list): missing
// fields, enums 999 and unset, numbers out of range, strings one past their
// limit, malformed ids, URLs, page tokens and time ranges. Each answer is
// INVALID_ARGUMENT naming the field, and the database is unchanged.
// (Invalid UTF-8, NUL, zero-width and bidi characters, 1 MB bodies and a
// million media references: ugc_service_test.cc.)
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
#include "libs/events/outbox.h"
#include "tests/dispatch/dispatch_suite.h"
#include "tests/harness/bad_input.h"
#include "tests/harness/one_message_call.h"

namespace nanoinfluence::testing {
namespace {

using Stub = UgcStub;

std::string Long(int chars) { return std::string(chars, 'x'); }

// The cases (tests/harness/bad_input.h); in their text, {C} campaign, {CT}
// content stand for real ids.
std::vector<BadInput> Cases() {
  const std::string review =
      "request_id: 'r-1' kind: CONTENT_KIND_REVIEW campaign_id: '{C}' "
      "rating: 4 title: 'Good bars' platform: PLATFORM_RETAILER_SITE "
      "disclosure: true body: '" +
      Long(60) + "'";
  const std::string moderate =
      "request_id: 'r-1' content_id: '{CT}' decision: "
      "MODERATION_DECISION_REJECT reasons: MODERATION_REASON_OFF_TOPIC";
  const std::string report =
      "request_id: 'r-1' content_id: '{CT}' reason: "
      "MODERATION_REASON_OFF_TOPIC";
  const std::string engagement =
      "request_id: 'r-1' content_id: '{CT}' likes: 3 measured_at { seconds: "
      "1700000000 }";
  return {
      {"SubmitContent", review, "request_id: ''", "request_id"},
      {"SubmitContent", review, "kind: 999", "kind"},
      {"SubmitContent", review, "kind: CONTENT_KIND_UNSPECIFIED", "kind"},
      {"SubmitContent", review, "campaign_id: 'x'", "campaign_id"},
      {"SubmitContent", review, "rating: 0", "rating"},
      {"SubmitContent", review, "rating: -1", "rating"},
      {"SubmitContent", review, absl::StrCat("title: '", Long(121), "'"),
       "title"},
      {"SubmitContent", review, absl::StrCat("body: '", Long(5001), "'"),
       "body"},
      {"SubmitContent", review, "body: '\\000\\000'", "body"},
      {"SubmitContent", review, "people_told: 9223372036854775807",
       "people_told"},
      {"SubmitContent", review, "platform: 999", "platform"},
      {"SubmitContent", review, "social_network: 999", "social_network"},
      {"SubmitContent", review, "public_url: 'ftp://x.example/r'",
       "public_url"},
      {"SubmitContent", review, "media { url: 'https://x.example/a.jpg' }",
       "media[0].url"},
      {"SubmitContent", review, "language_code: '12'", "language_code"},
      {"SubmitContent", review,
       absl::StrCat("author_display_name: '", Long(41), "'"),
       "author_display_name"},
      {"GetContent", "", "content_id: 'x'", "content_id"},
      {"ListContent", "", "kinds: 999", "kinds[0]"},
      {"ListContent", "", "platforms: PLATFORM_UNSPECIFIED", "platforms[0]"},
      {"ListContent", "", "statuses: 4", "statuses[0]"},
      {"ListContent", "", "campaign_id: 'x'", "campaign_id"},
      {"ListContent", "", "ambassador_id: 'x'", "ambassador_id"},
      {"ListContent", "", "sku: 'a b'", "sku"},
      {"ListContent", "",
       "submitted { start { seconds: 200 } end { seconds: 100 } }",
       "submitted.end"},
      {"ListContent", "", "page { page_token: 'garbage' }", "page.page_token"},
      {"ModerateContent", moderate, "content_id: 'x'", "content_id"},
      {"ModerateContent", moderate, "decision: 999", "decision"},
      {"ModerateContent", moderate, "decision: MODERATION_DECISION_APPROVE",
       "reasons"},
      {"ModerateContent", moderate, "reasons: 999", "reasons[1]"},
      {"ModerateContent", moderate, "reasons: MODERATION_REASON_OFF_TOPIC",
       "reasons[1]"},
      {"ModerateContent", moderate, "reasons: MODERATION_REASON_OTHER", "note"},
      {"ModerateContent", moderate, absl::StrCat("note: '", Long(1001), "'"),
       "note"},
      {"ReportContent", report, "reason: MODERATION_REASON_UNSPECIFIED",
       "reason"},
      {"ReportContent", report, "reason: MODERATION_REASON_RATE_LIMITED",
       "reason"},
      {"ReportContent", report, "reason: MODERATION_REASON_OTHER", "note"},
      {"ReportContent", report, absl::StrCat("note: '", Long(1001), "'"),
       "note"},
      {"ReplyToContent", "request_id: 'r-1' content_id: '{CT}'", "", "body"},
      {"ReplyToContent", "request_id: 'r-1' content_id: '{CT}'",
       absl::StrCat("body: '", Long(2001), "'"), "body"},
      {"UpdateEngagement", engagement, "likes: -1", "likes"},
      {"UpdateEngagement", "request_id: 'r-1' content_id: '{CT}'", "", "likes"},
      {"UpdateEngagement", "request_id: 'r-1' content_id: '{CT}' views: 1", "",
       "measured_at"},
      {"UpdateEngagement", engagement, "measured_at { seconds: 9999999999 }",
       "measured_at"},
  };
}

class UgcBadInputTest : public ::testing::Test {
 protected:
  // One suite with a campaign and a piece of content to name.
  static void SetUpTestSuite() {
    suite_ = new DispatchSuite({}, std::vector<std::string>{});
    if (!suite_->ok()) return;
    brand_ = events::NewEventId();
    const SelectedCampaign c = suite_->SelectCampaign(brand_, 1);
    if (c.campaign_id.empty()) return;
    content_ = suite_->PostAsFirstTester(c, "bad-input");
    campaign_ = c.campaign_id;
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(suite_->ok()) << suite_->start_error();
    ASSERT_FALSE(content_.empty());
  }

  static std::map<std::string, int64_t> Snapshot() {
    std::map<std::string, int64_t> rows;
    for (const char* table :
         {"campaigns", "campaign_skus", "deliveries", "contents",
          "near_duplicate_bands", "replies", "reports", "outbox",
          "idempotency_keys", "applied_events"}) {
      rows[table] =
          suite_->QueryUgcInt(absl::StrCat("SELECT COUNT(*) FROM ", table));
    }
    return rows;
  }

  grpc::Status Send(const std::string& method, const std::string& bytes,
                    const auth::Caller& caller) {
    grpc::GenericStub stub(suite_->ugc_channel());
    return OneMessageCall(bytes).Run(
        stub, absl::StrCat("/nanoinfluence.ugc.v1.UgcService/", method),
        absl::StrCat("Bearer ", TestToken(caller)));
  }

  // The caller each method takes.
  static auth::Caller CallerFor(const std::string& method) {
    if (method == "SubmitContent") {
      return AmbassadorCaller(events::NewEventId());
    }
    if (method == "ReportContent" || method == "ReplyToContent") {
      return BrandCaller(brand_);
    }
    return OpsCaller();
  }

  static DispatchSuite* suite_;
  static std::string brand_, campaign_, content_;
};

DispatchSuite* UgcBadInputTest::suite_ = nullptr;
std::string UgcBadInputTest::brand_;
std::string UgcBadInputTest::campaign_;
std::string UgcBadInputTest::content_;

TEST_F(UgcBadInputTest, EveryBadFieldIsNamedAndNothingIsWritten) {
  const auto* service =
      ugc_v1::SubmitContentRequest::descriptor()->file()->FindServiceByName(
          "UgcService");
  const auto before = Snapshot();
  std::set<std::string> covered = ExpectEachNamed(
      *service, Cases(),
      [&](const std::string& text) {
        return absl::StrReplaceAll(text,
                                   {{"{C}", campaign_}, {"{CT}", content_}});
      },
      [&](const std::string& method, const std::string& bytes) {
        return Send(method, bytes, CallerFor(method));
      });
  EXPECT_EQ(Send("IngestEvents", "", ServiceCaller("recruitment")).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  covered.insert("IngestEvents");

  // The streams.
  const auto watch = [&](const ugc_v1::WatchCampaignContentRequest& request) {
    grpc::ClientContext context;
    AddBearer(context, OpsCaller());
    auto reader =
        Stub(suite_->ugc_channel()).WatchCampaignContent(&context, request);
    ugc_v1::WatchCampaignContentResponse ignored;
    while (reader->Read(&ignored)) {
    }
    return reader->Finish();
  };
  ugc_v1::WatchCampaignContentRequest bad_watch;
  bad_watch.set_campaign_id("x");
  EXPECT_THAT(watch(bad_watch).error_message(),
              ::testing::StartsWith("campaign_id:"));
  bad_watch.set_campaign_id(campaign_);
  bad_watch.mutable_since()->set_seconds(1000);  // more than 7 days back
  EXPECT_THAT(watch(bad_watch).error_message(),
              ::testing::StartsWith("since:"));
  covered.insert("WatchCampaignContent");
  const auto feed = [&](const ugc_v1::StreamSyndicationFeedRequest& request) {
    grpc::ClientContext context;
    AddBearer(context, OpsCaller());
    auto reader =
        Stub(suite_->ugc_channel()).StreamSyndicationFeed(&context, request);
    ugc_v1::StreamSyndicationFeedResponse ignored;
    while (reader->Read(&ignored)) {
    }
    return reader->Finish();
  };
  ugc_v1::StreamSyndicationFeedRequest bad_feed;
  EXPECT_THAT(feed(bad_feed).error_message(), ::testing::StartsWith("sku:"));
  bad_feed.set_sku("OAT-BAR-40G");
  bad_feed.set_max_items(10'001);
  EXPECT_THAT(feed(bad_feed).error_message(),
              ::testing::StartsWith("max_items:"));
  bad_feed.set_max_items(0);
  bad_feed.mutable_since()->set_seconds(9'999'999'999);
  EXPECT_THAT(feed(bad_feed).error_message(), ::testing::StartsWith("since:"));
  covered.insert("StreamSyndicationFeed");

  EXPECT_EQ(Snapshot(), before);
  // A new RPC cannot be forgotten here.
  ExpectAllCovered(*service, covered);
}

}  // namespace
}  // namespace nanoinfluence::testing
