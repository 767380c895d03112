// The four service binaries as real processes over real sockets: they serve
// health and reflection, shut down gracefully on SIGTERM, and refuse bad
// configuration at start.
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "libs/probe/health_probe.h"
#include "libs/probe/reflection_probe.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/harness/service_process.h"
#include "tests/harness/subprocess.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {
namespace {

const std::vector<std::string> kServices = {"recruitment", "dispatch", "ugc",
                                            "kpi"};

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(ServicesTest, AllFourServeHealthAndReflection) {
  TempDir dir;
  for (const std::string& service : kServices) {
    auto process = ServiceProcess::Start(service, dir.path());
    ASSERT_TRUE(process.ok()) << process.status();
    auto channel = (*process)->channel();

    auto listed = ListServices(channel, absl::Seconds(5));
    ASSERT_TRUE(listed.ok()) << listed.status();
    EXPECT_TRUE(Contains(*listed, ServiceFullName(service))) << service;
    EXPECT_TRUE(Contains(*listed, "grpc.health.v1.Health")) << service;

    // `grpcurl describe` needs the file declaring the service and its imports.
    auto files = FilesContainingSymbol(channel, ServiceFullName(service),
                                       absl::Seconds(5));
    ASSERT_TRUE(files.ok()) << files.status();
    std::vector<std::string> names;
    for (const auto& file : *files) names.push_back(file.name());
    EXPECT_TRUE(Contains(names, absl::StrCat("nanoinfluence/", service, "/v1/",
                                             service, "_service.proto")));
    EXPECT_TRUE(Contains(names, "nanoinfluence/common/v1/auth.proto"));

    EXPECT_EQ(CheckHealth(channel, "", absl::Seconds(2))
                  .value_or(grpc::health::v1::HealthCheckResponse::UNKNOWN),
              grpc::health::v1::HealthCheckResponse::SERVING);
    // An open client connection holds gRPC's shutdown until the grace ends
    // (docs/architecture.md); closing it keeps the test quick.
    channel.reset();
    EXPECT_EQ((*process)->Stop(), 0) << TailOfFile((*process)->log_path());
  }
}

class ShutdownTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ShutdownTest, SigtermTurnsHealthNotServingThenExitsCleanly) {
  const std::string service = GetParam();
  TempDir dir;
  auto process =
      ServiceProcess::Start(service, dir.path(), {"--drain_period=300ms"});
  ASSERT_TRUE(process.ok()) << process.status();
  auto stub = grpc::health::v1::Health::NewStub((*process)->channel());
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(ServiceFullName(service));
  auto watch = stub->Watch(&context, request);
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  (*process)->process().Signal(SIGTERM);
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  // A watch is a call in flight: end it so the stop need not wait the grace.
  context.TryCancel();
  EXPECT_EQ((*process)->process().Wait(), 0)
      << TailOfFile((*process)->log_path());
}

INSTANTIATE_TEST_SUITE_P(EachService, ShutdownTest,
                         ::testing::ValuesIn(kServices));

TEST(ServicesTest, ReflectionCanBeSwitchedOff) {
  TempDir dir;
  auto process =
      ServiceProcess::Start("ugc", dir.path(), {"--reflection=false"});
  ASSERT_TRUE(process.ok()) << process.status();
  EXPECT_EQ(
      ListServices((*process)->channel(), absl::Seconds(5)).status().code(),
      absl::StatusCode::kUnimplemented);
}

TEST(ServicesTest, DataSurvivesARestart) {
  TempDir dir;
  for (int round = 0; round < 2; ++round) {
    auto process = ServiceProcess::Start("dispatch", dir.path());
    ASSERT_TRUE(process.ok()) << process.status();
    EXPECT_EQ((*process)->Stop(), 0);
  }
  EXPECT_TRUE(std::filesystem::exists(dir.File("dispatch.db")));
}

// Runs a binary expected to refuse its configuration; returns its exit code
// and leaves its output in `log`.
int RunExpectingRefusal(const std::vector<std::string>& argv,
                        const std::string& log) {
  auto process = Subprocess::Start(argv, log);
  if (!process.ok()) return -1;
  return (*process)->Wait();
}

TEST(ServicesTest, BadConfigurationFailsFastNamingTheSetting) {
  TempDir dir;
  const std::string binary = ServiceBinary("kpi");
  const std::string data = absl::StrCat("--data_dir=", dir.path());

  EXPECT_EQ(RunExpectingRefusal({binary, data, "--listen=nonsense"},
                                dir.File("a.log")),
            2);
  EXPECT_NE(TailOfFile(dir.File("a.log")).find("--listen"), std::string::npos);
  auto secret = WriteTestSecret(dir.path());
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(RunExpectingRefusal({binary, data, "--redis=nonsense",
                                 absl::StrCat("--jwt_secret_file=", *secret)},
                                dir.File("r.log")),
            2);
  EXPECT_NE(TailOfFile(dir.File("r.log")).find("--redis"), std::string::npos);
  // Not a local address: the health port cannot be bound.
  EXPECT_EQ(RunExpectingRefusal({binary, data, "--listen=127.0.0.1:0",
                                 "--health_listen=192.0.2.1:0",
                                 absl::StrCat("--jwt_secret_file=", *secret)},
                                dir.File("h.log")),
            2);
  EXPECT_NE(TailOfFile(dir.File("h.log")).find("--health_listen"),
            std::string::npos);
  EXPECT_EQ(RunExpectingRefusal(
                {binary, data, "--listen=127.0.0.1:0", "--database_pool_size=0",
                 absl::StrCat("--jwt_secret_file=", *secret)},
                dir.File("p.log")),
            2);
  EXPECT_NE(TailOfFile(dir.File("p.log")).find("--database_pool_size"),
            std::string::npos);
  EXPECT_EQ(RunExpectingRefusal({binary, data, "--malloc_arenas=-1"},
                                dir.File("m.log")),
            2);
  EXPECT_NE(TailOfFile(dir.File("m.log")).find("--malloc_arenas"),
            std::string::npos);
  EXPECT_EQ(RunExpectingRefusal({binary, data, "--malloc_trim_interval=-1s"},
                                dir.File("t.log")),
            2);
  EXPECT_NE(TailOfFile(dir.File("t.log")).find("--malloc_trim_interval"),
            std::string::npos);

  setenv("NANO_MAX_MESSAGE_BYTES", "lots", 1);
  const int code = RunExpectingRefusal({binary, data}, dir.File("b.log"));
  unsetenv("NANO_MAX_MESSAGE_BYTES");
  EXPECT_EQ(code, 2);
  EXPECT_NE(TailOfFile(dir.File("b.log")).find("NANO_MAX_MESSAGE_BYTES"),
            std::string::npos);

  // Every RPC authenticates: no token key, no start.
  unsetenv("NANO_JWT_SECRET");
  EXPECT_EQ(RunExpectingRefusal({binary, data, "--listen=127.0.0.1:0"},
                                dir.File("c.log")),
            2);
  EXPECT_NE(TailOfFile(dir.File("c.log")).find("--jwt_secret_file"),
            std::string::npos);
}

TEST(ServicesTest, RefusesAnotherServicesDatabase) {
  TempDir dir;
  auto dispatch = ServiceProcess::Start("dispatch", dir.path());
  ASSERT_TRUE(dispatch.ok()) << dispatch.status();
  ASSERT_EQ((*dispatch)->Stop(), 0);
  auto secret = WriteTestSecret(dir.path());
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(RunExpectingRefusal({ServiceBinary("kpi"), "--listen=127.0.0.1:0",
                                 absl::StrCat("--jwt_secret_file=", *secret),
                                 absl::StrCat("--database_url=sqlite:",
                                              dir.File("dispatch.db"))},
                                dir.File("kpi.log")),
            2);
  EXPECT_NE(TailOfFile(dir.File("kpi.log")).find("belongs to the \"dispatch\""),
            std::string::npos);
}

}  // namespace
}  // namespace nanoinfluence::testing
