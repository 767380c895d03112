// The server runtime's request ids and call series, in process over real
// loopback sockets: a caller's x-request-id is kept, echoed and carried by
// the handler's own call to a peer; a missing or unusable one is replaced;
// every call, refused ones included, is counted by method and code and
// timed in a cumulative histogram.
#include <memory>
#include <string>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "libs/metrics/registry.h"
#include "libs/server/blocking_pool.h"
#include "libs/server/request_id.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/harness/in_process_server.h"
#include "tests/metrics/exposition.h"

namespace nanoinfluence {
namespace {

using kpi::v1::KpiService;
using testing::Exposition;
using ::testing::MatchesRegex;

constexpr char kKpi[] = "nanoinfluence.kpi.v1.KpiService";

// Its report runs on the pool (FinishOnPool) and answers, in brand_id, the
// request id current there; with a peer, the one the peer's handler saw on
// the call this handler made to it. IngestEvents answers NOT_FOUND.
class EchoService final : public KpiService::CallbackService {
 public:
  explicit EchoService(std::shared_ptr<grpc::Channel> peer = nullptr)
      : peer_(std::move(peer)) {}

  grpc::ServerUnaryReactor* GetCampaignReport(
      grpc::CallbackServerContext* context,
      const kpi::v1::GetCampaignReportRequest* request,
      kpi::v1::CampaignReport* report) override {
    return FinishOnPool(pool_, context, [=, this]() -> absl::Status {
      if (peer_ == nullptr) {
        report->set_brand_id(std::string(CurrentRequestId()));
        return absl::OkStatus();
      }
      grpc::ClientContext call;
      testing::AddBearer(call, testing::OpsCaller());
      kpi::v1::CampaignReport theirs;
      const grpc::Status status = KpiService::NewStub(peer_)->GetCampaignReport(
          &call, *request, &theirs);
      if (!status.ok()) return absl::UnavailableError(status.error_message());
      report->set_brand_id(theirs.brand_id());
      return absl::OkStatus();
    });
  }

  grpc::ServerUnaryReactor* IngestEvents(
      grpc::CallbackServerContext* context,
      const common::v1::IngestEventsRequest*,
      common::v1::IngestEventsResponse*) override {
    return FinishOnPool(pool_, context,
                        [] { return absl::NotFoundError("nothing here"); });
  }

 private:
  BlockingPool pool_{2};
  std::shared_ptr<grpc::Channel> peer_;
};

class ServerMetricsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // As RunServiceMain does, before any channel of the process exists.
    PropagateRequestIds();
  }

  void SetUp() override {
    peer_server_ = std::make_unique<testing::InProcessServer>(&peer_, kKpi);
    front_ = std::make_unique<EchoService>(peer_server_->channel());
    front_server_ =
        std::make_unique<testing::InProcessServer>(front_.get(), kKpi);
  }

  // Calls the front service's report with `request_id` (none when empty);
  // the report's brand_id is the id the peer saw, `echoed` the id the
  // front answered in its initial metadata.
  grpc::Status Report(const std::string& request_id, std::string* peer_saw,
                      std::string* echoed) {
    grpc::ClientContext context;
    testing::AddBearer(context, testing::OpsCaller());
    if (!request_id.empty()) context.AddMetadata(kRequestIdKey, request_id);
    kpi::v1::CampaignReport report;
    const grpc::Status status = KpiService::NewStub(front_server_->channel())
                                    ->GetCampaignReport(&context, {}, &report);
    *peer_saw = report.brand_id();
    const auto& metadata = context.GetServerInitialMetadata();
    const auto it = metadata.find(kRequestIdKey);
    *echoed = it == metadata.end()
                  ? ""
                  : std::string(it->second.data(), it->second.size());
    return status;
  }

  static Exposition Scrape() {
    auto parsed = testing::ParseExposition(metrics::DefaultRegistry().Render());
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    return parsed.ok() ? *parsed : Exposition();
  }

  EchoService peer_;
  std::unique_ptr<testing::InProcessServer> peer_server_;
  std::unique_ptr<EchoService> front_;
  std::unique_ptr<testing::InProcessServer> front_server_;
};

TEST_F(ServerMetricsTest, TheCallersRequestIdIsKeptEchoedAndReachesThePeer) {
  std::string peer_saw, echoed;
  const grpc::Status status = Report("checkout-7f3a", &peer_saw, &echoed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(echoed, "checkout-7f3a");
  EXPECT_EQ(peer_saw, "checkout-7f3a");
}

TEST_F(ServerMetricsTest, AMissingOrUnusableRequestIdIsReplaced) {
  const std::string long_id(129, 'a');
  for (const std::string& given :
       {std::string(), std::string("has space"), long_id}) {
    std::string peer_saw, echoed;
    ASSERT_TRUE(Report(given, &peer_saw, &echoed).ok()) << given;
    EXPECT_THAT(echoed, MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
                                     "[89ab][0-9a-f]{3}-[0-9a-f]{12}"))
        << given;
    // The fresh id, not the caller's, follows the request.
    EXPECT_EQ(peer_saw, echoed) << given;
  }
  std::string first, second, ignored;
  ASSERT_TRUE(Report("", &ignored, &first).ok());
  ASSERT_TRUE(Report("", &ignored, &second).ok());
  EXPECT_NE(first, second);
}

TEST_F(ServerMetricsTest, RequestIdRules) {
  EXPECT_TRUE(IsUsableRequestId("a"));
  EXPECT_TRUE(IsUsableRequestId(std::string(128, 'x')));
  EXPECT_FALSE(IsUsableRequestId(""));
  EXPECT_FALSE(IsUsableRequestId(std::string(129, 'x')));
  EXPECT_FALSE(IsUsableRequestId("caf\xc3\xa9"));
  EXPECT_FALSE(IsUsableRequestId("a\nb"));
  EXPECT_TRUE(IsUsableRequestId(GenerateRequestId()));

  EXPECT_EQ(CurrentRequestId(), "");
  {
    RequestIdScope outer("outer");
    {
      RequestIdScope inner("inner");
      EXPECT_EQ(CurrentRequestId(), "inner");
    }
    EXPECT_EQ(CurrentRequestId(), "outer");
  }
  EXPECT_EQ(CurrentRequestId(), "");
}

TEST_F(ServerMetricsTest, CallsAreCountedByMethodAndCodeAndTimed) {
  const testing::Labels report = {{"grpc_service", kKpi},
                                  {"grpc_method", "GetCampaignReport"}};
  const testing::Labels ingest = {{"grpc_service", kKpi},
                                  {"grpc_method", "IngestEvents"}};
  const auto handled = [](const Exposition& e, testing::Labels labels,
                          const std::string& code) {
    labels["grpc_code"] = code;
    return e.Value("grpc_server_handled_total", labels).value_or(0);
  };
  const auto count = [](const Exposition& e, const testing::Labels& labels) {
    return e.Value("grpc_server_handling_seconds_count", labels).value_or(0);
  };
  const Exposition before = Scrape();

  // The peer alone, so the front's calls to it do not mix in.
  auto stub = KpiService::NewStub(peer_server_->channel());
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    testing::AddBearer(context, testing::OpsCaller());
    kpi::v1::CampaignReport response;
    ASSERT_TRUE(stub->GetCampaignReport(&context, {}, &response).ok());
  }
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext context;
    testing::AddBearer(context, testing::ServiceCaller());
    common::v1::IngestEventsResponse response;
    EXPECT_EQ(stub->IngestEvents(&context, {}, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  {  // Refused by the auth processor before any interceptor: no token.
    grpc::ClientContext context;
    kpi::v1::CampaignReport response;
    EXPECT_EQ(stub->GetCampaignReport(&context, {}, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }

  const Exposition after = Scrape();
  EXPECT_EQ(after.type.at("grpc_server_handled_total"), "counter");
  EXPECT_EQ(after.type.at("grpc_server_handling_seconds"), "histogram");
  EXPECT_EQ(handled(after, report, "OK") - handled(before, report, "OK"), 3);
  EXPECT_EQ(handled(after, report, "UNAUTHENTICATED") -
                handled(before, report, "UNAUTHENTICATED"),
            1);
  EXPECT_EQ(handled(after, ingest, "NOT_FOUND") -
                handled(before, ingest, "NOT_FOUND"),
            2);
  EXPECT_EQ(count(after, report) - count(before, report), 4);
  EXPECT_EQ(count(after, ingest) - count(before, ingest), 2);

  // Cumulative buckets ending at +Inf = _count.
  std::vector<testing::Sample> buckets =
      after.Find("grpc_server_handling_seconds_bucket", report);
  ASSERT_EQ(buckets.size(), metrics::LatencyBuckets().size() + 1);
  for (size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_GE(buckets[i].value, buckets[i - 1].value);
  }
  EXPECT_EQ(buckets.back().labels.at("le"), "+Inf");
  EXPECT_EQ(buckets.back().value, count(after, report));
}

TEST_F(ServerMetricsTest, PathsNoServiceHasShareOneSeries) {
  const testing::Labels unknown = {{"grpc_service", "unknown"},
                                   {"grpc_method", "unknown"},
                                   {"grpc_code", "UNIMPLEMENTED"}};
  const double before =
      Scrape().Value("grpc_server_handled_total", unknown).value_or(0);
  grpc::GenericStub stub(peer_server_->channel());
  for (const char* path : {"/made.Up/One", "/made.Up/Two"}) {
    grpc::ClientContext context;
    testing::AddBearer(context, testing::OpsCaller());
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1), response;
    absl::Notification done;
    grpc::Status status;
    stub.UnaryCall(&context, path, grpc::StubOptions(), &request, &response,
                   [&](grpc::Status s) {
                     status = std::move(s);
                     done.Notify();
                   });
    done.WaitForNotification();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  const Exposition after = Scrape();
  EXPECT_EQ(
      after.Value("grpc_server_handled_total", unknown).value_or(0) - before,
      2);
  EXPECT_TRUE(
      after.Find("grpc_server_handled_total", {{"grpc_service", "made.Up"}})
          .empty());
}

}  // namespace
}  // namespace nanoinfluence
