// One request id across the real binaries: the id a caller sends as
// x-request-id is on the service's call line, and on the peer's call line
// for the call the service made while serving it (ugc asking dispatch for
// the proof of receipt of a submission); without one, the service makes one
// up, answers it in the response metadata and logs it.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/events/outbox.h"
#include "tests/dispatch/dispatch_suite.h"
#include "tests/harness/eventually.h"
#include "tests/harness/redis_server.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/metrics/service_log.h"

namespace nanoinfluence::testing {
namespace {

constexpr char kRequestIdKey[] = "x-request-id";

std::string EchoedRequestId(const grpc::ClientContext& context) {
  const auto& metadata = context.GetServerInitialMetadata();
  const auto it = metadata.find(kRequestIdKey);
  return it == metadata.end()
             ? ""
             : std::string(it->second.data(), it->second.size());
}

TEST(RequestIdTest, TheCallersIdOrAFreshOneIsOnTheCallLine) {
  auto redis = RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  TempDir dir;
  auto recruitment = ServiceProcess::Start(
      "recruitment", dir.path(),
      {absl::StrCat("--redis=127.0.0.1:", (*redis)->port())});
  ASSERT_TRUE(recruitment.ok()) << recruitment.status();
  auto stub = RecruitmentStub((*recruitment)->channel());
  const auto get_unknown = [&](const std::string& request_id) {
    grpc::ClientContext context;
    AddBearer(context, OpsCaller());
    if (!request_id.empty()) context.AddMetadata(kRequestIdKey, request_id);
    recruitment_v1::GetAmbassadorRequest request;
    request.set_ambassador_id(UnknownId());
    recruitment_v1::Ambassador response;
    EXPECT_EQ(stub.GetAmbassador(&context, request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
    return EchoedRequestId(context);
  };
  const std::string method =
      "\"method\":\"/nanoinfluence.recruitment.v1.RecruitmentService/"
      "GetAmbassador\"";

  const std::string given = absl::StrCat("test-", UnknownId());
  EXPECT_EQ(get_unknown(given), given);
  EXPECT_EQ(LogLinesWith((*recruitment)->log_path(),
                         {"\"msg\":\"call\"", method, "\"code\":\"NOT_FOUND\"",
                          absl::StrCat("\"request_id\":\"", given, "\"")})
                .size(),
            1u)
      << TailOfFile((*recruitment)->log_path());

  const std::string fresh = get_unknown("");
  ASSERT_FALSE(fresh.empty());
  EXPECT_NE(fresh, given);
  EXPECT_EQ(LogLinesWith((*recruitment)->log_path(),
                         {"\"msg\":\"call\"", method,
                          absl::StrCat("\"request_id\":\"", fresh, "\"")})
                .size(),
            1u);
  EXPECT_EQ((*recruitment)->Stop(), 0);
}

TEST(RequestIdTest, TheIdFollowsTheRequestToThePeer) {
  // The suite's folders go under a folder of this test, where ugc's log
  // can be found (the suite names only dispatch's).
  TempDir logs;
  const char* tmpdir = std::getenv("TMPDIR");
  const std::string saved = tmpdir == nullptr ? "" : tmpdir;
  setenv("TMPDIR", logs.path().c_str(), 1);
  DispatchSuite suite({}, std::vector<std::string>{});
  if (saved.empty()) {
    unsetenv("TMPDIR");
  } else {
    setenv("TMPDIR", saved.c_str(), 1);
  }
  ASSERT_TRUE(suite.ok()) << suite.start_error();
  std::string ugc_log;
  for (const auto& entry : std::filesystem::directory_iterator(logs.path())) {
    if (std::filesystem::exists(entry.path() / "ugc.log")) {
      ugc_log = entry.path() / "ugc.log";
    }
  }
  ASSERT_FALSE(ugc_log.empty());

  const SelectedCampaign campaign =
      suite.SelectCampaign(events::NewEventId(), 1);
  ASSERT_FALSE(campaign.campaign_id.empty()) << suite.start_error();
  ASSERT_TRUE(Eventually([&] {
    return suite.QueryUgcInt(absl::StrCat(
               "SELECT COUNT(*) FROM campaigns WHERE campaign_id = '",
               campaign.campaign_id, "'")) == 1;
  })) << "ugc never heard of the campaign";

  // Not delivered yet as far as ugc knows: it asks dispatch.
  const std::string request_id = absl::StrCat("test-", UnknownId());
  ugc_v1::SubmitContentRequest review;
  review.set_request_id(NewRequestId());
  review.set_kind(common::v1::CONTENT_KIND_REVIEW);
  review.set_campaign_id(campaign.campaign_id);
  review.set_rating(4);
  review.set_title("Crunchy");
  review.set_body(
      "The oat bars stayed crunchy all morning and the kids liked them.");
  review.set_platform(common::v1::PLATFORM_RETAILER_SITE);
  review.set_disclosure(true);
  review.set_author_display_name("Marie L.");
  review.set_language_code("en-GB");
  grpc::ClientContext context;
  AddBearer(context, AmbassadorCaller(campaign.testers[0]));
  context.AddMetadata(kRequestIdKey, request_id);
  ugc_v1::SubmitContentResponse response;
  const grpc::Status status =
      UgcStub(suite.ugc_channel()).SubmitContent(&context, review, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(EchoedRequestId(context), request_id);

  const std::string id_field =
      absl::StrCat("\"request_id\":\"", request_id, "\"");
  EXPECT_EQ(LogLinesWith(ugc_log,
                         {"\"msg\":\"call\"", "v1.UgcService/SubmitContent\"",
                          "\"code\":\"OK\"", id_field})
                .size(),
            1u)
      << TailOfFile(ugc_log);
  EXPECT_EQ(LogLinesWith(
                suite.dispatch().log_path(),
                {"\"msg\":\"call\"", "v1.DispatchService/GetProofOfReceipt\"",
                 "\"role\":\"service\"", "\"subject\":\"ugc\"", id_field})
                .size(),
            1u)
      << TailOfFile(suite.dispatch().log_path());
}

}  // namespace
}  // namespace nanoinfluence::testing
