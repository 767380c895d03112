// The server runtime in process over a real loopback socket: health overall
// and per service, NOT_SERVING on shutdown, in-flight calls finishing, message
// size limits, UNIMPLEMENTED defaults, bind failures.
#include "libs/server/grpc_server.h"

#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/harness/in_process_server.h"

namespace nanoinfluence {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using kpi::v1::KpiService;

constexpr char kKpi[] = "nanoinfluence.kpi.v1.KpiService";

// A KPI service whose report takes a while, to have a call in flight; every
// other RPC keeps the generated UNIMPLEMENTED.
class SlowReportService final : public KpiService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GetCampaignReport(
      grpc::CallbackServerContext* context,
      const kpi::v1::GetCampaignReportRequest*,
      kpi::v1::CampaignReport*) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    started_.Notify();
    std::thread([reactor] {
      absl::SleepFor(absl::Milliseconds(500));
      reactor->Finish(grpc::Status::OK);
    }).detach();
    return reactor;
  }
  absl::Notification started_;
};

class GrpcServerTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options = {}) {
    hosted_ =
        std::make_unique<testing::InProcessServer>(&service_, kKpi, options);
    server_ = &hosted_->server();
    channel_ = hosted_->channel();
  }

  std::unique_ptr<KpiService::Stub> Kpi() {
    return KpiService::NewStub(channel_);
  }

  grpc::Status Check(const std::string& name, HealthCheckResponse* response) {
    grpc::ClientContext context;
    HealthCheckRequest request;
    request.set_service(name);
    return Health::NewStub(channel_)->Check(&context, request, response);
  }

  SlowReportService service_;
  std::unique_ptr<testing::InProcessServer> hosted_;
  GrpcServer* server_ = nullptr;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(GrpcServerTest, ReportsServingOverallAndPerService) {
  Start();
  EXPECT_GT(server_->port(), 0);
  HealthCheckResponse response;
  ASSERT_TRUE(Check("", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  ASSERT_TRUE(Check(kKpi, &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  EXPECT_EQ(Check("no.such.Service", &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(GrpcServerTest, UnbuiltRpcsAnswerUnimplemented) {
  Start();
  grpc::ClientContext context;
  kpi::v1::RecountRequest request;
  kpi::v1::RecountResponse response;
  EXPECT_EQ(Kpi()->Recount(&context, request, &response).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(GrpcServerTest, HealthTurnsNotServingOnShutdown) {
  ServerOptions options;
  options.drain_period = absl::Milliseconds(300);
  Start(options);
  grpc::ClientContext context;
  HealthCheckRequest request;
  request.set_service(kKpi);
  auto watch = Health::NewStub(channel_)->Watch(&context, request);
  HealthCheckResponse response;
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  std::thread stopper([this] { server_->Shutdown(); });
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  context.TryCancel();
  stopper.join();
}

TEST_F(GrpcServerTest, InFlightCallFinishesDuringShutdown) {
  Start();
  grpc::Status report_status;
  std::thread caller([&] {
    grpc::ClientContext context;
    kpi::v1::GetCampaignReportRequest request;
    kpi::v1::CampaignReport response;
    report_status = Kpi()->GetCampaignReport(&context, request, &response);
  });
  service_.started_.WaitForNotification();
  server_->Shutdown();  // the call is 500 ms long; the grace is 10 s
  caller.join();
  EXPECT_TRUE(report_status.ok()) << report_status.error_message();
}

TEST_F(GrpcServerTest, OversizedRequestIsResourceExhausted) {
  ServerOptions options;
  options.max_message_bytes = 64 * 1024;
  Start(options);
  grpc::ClientContext context;
  common::v1::IngestEventsRequest request;
  request.set_producer(std::string(100 * 1024, 'x'));
  common::v1::IngestEventsResponse response;
  EXPECT_EQ(Kpi()->IngestEvents(&context, request, &response).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(GrpcServerTest, PortInUseIsUnavailable) {
  Start();
  ServerOptions taken;
  taken.listen_address = server_->address();
  SlowReportService other;
  auto second = GrpcServer::Start(taken, {{&other, kKpi}});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace nanoinfluence
