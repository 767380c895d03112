// The server runtime in process over a real loopback socket: health overall
// and per service, NOT_SERVING on shutdown, in-flight calls finishing, message
// size limits, UNIMPLEMENTED defaults, bind failures, the caller reaching the
// handler, the start-up checks of the security settings, and the plaintext
// health-only listener beside the main port.
#include "libs/server/grpc_server.h"

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "libs/auth/bearer.h"
#include "libs/auth/caller.h"
#include "libs/auth/peer_client.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/harness/eventually.h"
#include "tests/harness/in_process_server.h"
#include "tests/harness/one_message_call.h"

namespace nanoinfluence {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using kpi::v1::KpiService;

constexpr char kKpi[] = "nanoinfluence.kpi.v1.KpiService";

// A KPI service whose report takes a while, to have a call in flight, and
// whose intake records its caller; every other RPC keeps the generated
// UNIMPLEMENTED.
class SlowReportService final : public KpiService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GetCampaignReport(
      grpc::CallbackServerContext* context,
      const kpi::v1::GetCampaignReportRequest*,
      kpi::v1::CampaignReport* report) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    const auth::Caller caller = auth::CallerOf(*context);
    {
      absl::MutexLock lock(&mu_);
      caller_ = caller;
      // Under the lock: concurrent calls would both see it unnotified, and
      // a second Notify() aborts.
      if (!started_.HasBeenNotified()) started_.Notify();
    }
    // Echoed, so concurrent callers can check they were seen as themselves.
    report->set_brand_id(caller.brand_id);
    std::thread([reactor, delay = report_delay_] {
      absl::SleepFor(delay);
      reactor->Finish(grpc::Status::OK);
    }).detach();
    return reactor;
  }
  grpc::ServerUnaryReactor* IngestEvents(
      grpc::CallbackServerContext* context,
      const common::v1::IngestEventsRequest*,
      common::v1::IngestEventsResponse*) override {
    {
      absl::MutexLock lock(&mu_);
      caller_ = auth::CallerOf(*context);
    }
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  auth::Caller caller() {
    absl::MutexLock lock(&mu_);
    return caller_;
  }

  absl::Duration report_delay_ = absl::Milliseconds(500);
  absl::Notification started_;
  absl::Mutex mu_;
  auth::Caller caller_ ABSL_GUARDED_BY(mu_);
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
    return CheckOn(channel_, name, response);
  }
  static grpc::Status CheckOn(const std::shared_ptr<grpc::Channel>& channel,
                              const std::string& name,
                              HealthCheckResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    HealthCheckRequest request;
    request.set_service(name);
    return Health::NewStub(channel)->Check(&context, request, response);
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
  testing::AddBearer(context, testing::OpsCaller());
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
    testing::AddBearer(context, testing::OpsCaller());
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
  testing::AddBearer(context, testing::ServiceCaller());
  common::v1::IngestEventsRequest request;
  request.set_producer(std::string(100 * 1024, 'x'));
  common::v1::IngestEventsResponse response;
  EXPECT_EQ(Kpi()->IngestEvents(&context, request, &response).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(GrpcServerTest, PortInUseIsUnavailable) {
  Start();
  ServerOptions taken;
  taken.auth.tokens = testing::TestTokenSettings();
  taken.listen_address = server_->address();
  SlowReportService other;
  auto second = GrpcServer::Start(taken, {{&other, kKpi}});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(GrpcServerTest, HandlerReceivesTheVerifiedCaller) {
  Start();
  grpc::ClientContext context;
  testing::AddBearer(context, testing::BrandCaller("brand-a", "alice"));
  kpi::v1::GetCampaignReportRequest request;
  kpi::v1::CampaignReport response;
  ASSERT_TRUE(Kpi()->GetCampaignReport(&context, request, &response).ok());
  const auth::Caller caller = service_.caller();
  EXPECT_EQ(caller.role, common::v1::ROLE_BRAND);
  EXPECT_EQ(caller.subject, "alice");
  EXPECT_EQ(caller.brand_id, "brand-a");
  EXPECT_EQ(caller.ambassador_id, "");
}

// gRPC shares one auth context among the calls of a connection; the caller
// must still be each call's own.
TEST_F(GrpcServerTest, EachCallOnOneConnectionHasItsOwnCaller) {
  service_.report_delay_ = absl::ZeroDuration();
  Start();
  for (const auth::Caller& caller :
       {testing::BrandCaller("brand-a"), testing::OpsCaller(),
        testing::BrandCaller("brand-b")}) {
    grpc::ClientContext context;
    testing::AddBearer(context, caller);
    kpi::v1::GetCampaignReportRequest request;
    kpi::v1::CampaignReport response;
    ASSERT_TRUE(Kpi()->GetCampaignReport(&context, request, &response).ok());
    EXPECT_EQ(service_.caller().role, caller.role);
    EXPECT_EQ(service_.caller().brand_id, caller.brand_id);
  }
}

TEST_F(GrpcServerTest, ConcurrentCallersOnOneConnectionStayApart) {
  service_.report_delay_ = absl::ZeroDuration();
  Start();
  std::vector<std::thread> threads;
  std::atomic<int> mixed_up = 0;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, brand = absl::StrCat("brand-", t)] {
      auto stub = Kpi();
      for (int i = 0; i < 50; ++i) {
        grpc::ClientContext context;
        testing::AddBearer(context, testing::BrandCaller(brand));
        kpi::v1::GetCampaignReportRequest request;
        kpi::v1::CampaignReport response;
        if (!stub->GetCampaignReport(&context, request, &response).ok() ||
            response.brand_id() != brand) {
          ++mixed_up;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mixed_up, 0);
}

// A client cannot pose as someone else by sending the caller keys itself.
TEST_F(GrpcServerTest, ClientSentCallerKeysAreIgnored) {
  service_.report_delay_ = absl::ZeroDuration();
  Start();
  grpc::ClientContext context;
  testing::AddBearer(context, testing::BrandCaller("brand-a"));
  context.AddMetadata(auth::kRoleKey, "ops");
  context.AddMetadata(auth::kBrandKey, "brand-z");
  kpi::v1::GetCampaignReportRequest request;
  kpi::v1::CampaignReport response;
  ASSERT_TRUE(Kpi()->GetCampaignReport(&context, request, &response).ok());
  EXPECT_EQ(service_.caller().role, common::v1::ROLE_BRAND);
  EXPECT_EQ(response.brand_id(), "brand-a");
}

TEST_F(GrpcServerTest, TwoAuthorizationValuesAreRefused) {
  Start();
  grpc::ClientContext context;
  testing::AddBearer(context, testing::OpsCaller());
  context.AddMetadata(auth::kAuthorizationKey, "Bearer junk");
  kpi::v1::GetCampaignReportRequest request;
  kpi::v1::CampaignReport response;
  EXPECT_EQ(Kpi()->GetCampaignReport(&context, request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(GrpcServerTest, CallWithoutTokenNeverReachesTheHandler) {
  Start();
  grpc::ClientContext context;
  kpi::v1::GetCampaignReportRequest request;
  kpi::v1::CampaignReport response;
  EXPECT_EQ(Kpi()->GetCampaignReport(&context, request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(service_.started_.HasBeenNotified());
}

TEST_F(GrpcServerTest, PeerClientCallsWithAServiceTokenAndADeadline) {
  Start();
  auto peer = auth::PeerClient::Connect({.address = server_->address(),
                                         .tls = {},
                                         .tokens = testing::TestTokenSettings(),
                                         .caller_name = "dispatch"});
  ASSERT_TRUE(peer.ok()) << peer.status();
  auto context = (*peer)->NewCall(absl::Seconds(3));
  ASSERT_TRUE(context.ok()) << context.status();
  EXPECT_LT((*context)->deadline(),
            std::chrono::system_clock::now() + std::chrono::seconds(4));
  common::v1::IngestEventsRequest request;
  common::v1::IngestEventsResponse response;
  ASSERT_TRUE(KpiService::NewStub((*peer)->channel())
                  ->IngestEvents(context->get(), request, &response)
                  .ok());
  EXPECT_EQ(service_.caller().role, common::v1::ROLE_SERVICE);
  EXPECT_EQ(service_.caller().subject, "dispatch");
}

// The plaintext health-only port (ServerOptions::health_listen_address), as
// the kubelet's gRPC probe reaches it: no TLS, no token.
class HealthPortTest : public GrpcServerTest {
 protected:
  void StartWithHealthPort(ServerOptions options = {}) {
    options.health_listen_address = "127.0.0.1:0";
    Start(options);
    health_channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->health_port()),
                            grpc::InsecureChannelCredentials());
  }

  // The status of a call to `method` with an empty request and an ops token.
  static grpc::Status CallMethod(const std::shared_ptr<grpc::Channel>& channel,
                                 const std::string& method) {
    grpc::GenericStub stub(channel);
    return testing::OneMessageCall().Run(
        stub, method,
        absl::StrCat("Bearer ", testing::TestToken(testing::OpsCaller())));
  }

  std::shared_ptr<grpc::Channel> health_channel_;
};

TEST_F(HealthPortTest, ReportsWhatTheMainPortReports) {
  StartWithHealthPort();
  ASSERT_GT(server_->health_port(), 0);
  EXPECT_NE(server_->health_port(), server_->port());
  EXPECT_EQ(server_->health_address(),
            absl::StrCat("127.0.0.1:", server_->health_port()));
  HealthCheckResponse response;
  ASSERT_TRUE(CheckOn(health_channel_, "", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  ASSERT_TRUE(CheckOn(health_channel_, kKpi, &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckOn(health_channel_, "no.such.Service", &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(HealthPortTest, ServesNothingButHealth) {
  StartWithHealthPort();
  const std::string report =
      "/nanoinfluence.kpi.v1.KpiService/GetCampaignReport";
  const std::string reflection =
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
  EXPECT_EQ(CallMethod(health_channel_, report).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(CallMethod(health_channel_, reflection).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_FALSE(service_.started_.HasBeenNotified());
  // The same calls do reach the main port.
  service_.report_delay_ = absl::ZeroDuration();
  EXPECT_TRUE(CallMethod(channel_, report).ok());
  EXPECT_NE(CallMethod(channel_, reflection).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(HealthPortTest, TurnsNotServingWhenTheDrainStarts) {
  ServerOptions options;
  // Long enough for the polls below; Shutdown returns after it.
  options.drain_period = absl::Seconds(2);
  StartWithHealthPort(options);
  std::thread stopper([this] { server_->Shutdown(); });
  HealthCheckResponse overall;
  HealthCheckResponse kpi;
  EXPECT_TRUE(testing::Eventually([&] {
    return CheckOn(health_channel_, "", &overall).ok() &&
           overall.status() == HealthCheckResponse::NOT_SERVING &&
           CheckOn(health_channel_, kKpi, &kpi).ok() &&
           kpi.status() == HealthCheckResponse::NOT_SERVING;
  }));
  stopper.join();
  // Shut down together with the main server.
  EXPECT_FALSE(CheckOn(health_channel_, "", &overall).ok());
}

TEST_F(HealthPortTest, AnAddressThatCannotBeBoundStopsTheStart) {
  Start();
  SlowReportService other;
  for (const std::string& address :
       {server_->address(), std::string("192.0.2.1:0")}) {
    ServerOptions options;
    options.auth.tokens = testing::TestTokenSettings();
    options.health_listen_address = address;
    auto second = GrpcServer::Start(options, {{&other, kKpi}});
    EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable)
        << address;
    EXPECT_THAT(std::string(second.status().message()),
                ::testing::HasSubstr("--health_listen"));
  }
  ServerOptions options;
  options.auth.tokens = testing::TestTokenSettings();
  options.health_listen_address = "nonsense";
  auto bad = GrpcServer::Start(options, {{&other, kKpi}});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()),
              ::testing::HasSubstr("--health_listen"));
}

TEST_F(GrpcServerTest, WithoutTheOptionThereIsNoHealthPort) {
  Start();
  EXPECT_EQ(server_->health_port(), 0);
  EXPECT_EQ(server_->health_address(), "");
}

TEST(PeerClientTest, RefusesSettingsThatCannotMint) {
  auto verify_only =
      std::make_shared<auth::TokenSettings>(*testing::TestTokenSettings());
  verify_only->signing_key.clear();
  EXPECT_EQ(auth::PeerClient::Connect({.address = "127.0.0.1:1",
                                       .tls = {},
                                       .tokens = verify_only,
                                       .caller_name = "dispatch"})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(GrpcServerStartTest, RefusesToStartWithoutTokenSettings) {
  SlowReportService service;
  auto server = GrpcServer::Start({}, {{&service, kKpi}});
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(server.status().message()),
              ::testing::HasSubstr("token"));
}

// grpc.health.v1.Health declares no access policy: hosting it as a service of
// the suite is refused, as any RPC without a policy would be.
TEST(GrpcServerStartTest, RefusesAServiceWithoutAccessPolicy) {
  class Unguarded final : public Health::CallbackService {};
  Unguarded service;
  ServerOptions options;
  options.auth.tokens = testing::TestTokenSettings();
  auto server =
      GrpcServer::Start(options, {{&service, "grpc.health.v1.Health"}});
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(server.status().message()),
              ::testing::HasSubstr("grpc.health.v1.Health.Check"));
}

}  // namespace
}  // namespace nanoinfluence
