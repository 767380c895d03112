// The metrics endpoint of the real binaries, scraped over HTTP as Prometheus
// would: recruitment after a few calls (one failing with a known code) shows
// them counted by method and code, timed in a cumulative histogram whose
// count is the calls, and its outbox waiting for subscribers that are down;
// dispatch, which reads tiers, shows the tier cache series. Every family
// has its HELP and TYPE and the text parses strictly.
#include <cmath>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/harness/eventually.h"
#include "tests/harness/free_port.h"
#include "tests/harness/redis_server.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"
#include "tests/metrics/exposition.h"
#include "tests/metrics/service_log.h"
#include "tests/recruitment/recruitment_client.h"

namespace nanoinfluence::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kRecruitment[] =
    "nanoinfluence.recruitment.v1.RecruitmentService";

class MetricsServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto redis = RedisServer::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = redis->release();
    // Nobody listens at the other services' addresses: events wait.
    std::string nobody[3];
    for (std::string& address : nobody) {
      auto port = PickFreePort();
      ASSERT_TRUE(port.ok()) << port.status();
      address = absl::StrCat("127.0.0.1:", *port);
    }
    const std::string redis_flag =
        absl::StrCat("--redis=127.0.0.1:", redis_->port());
    recruitment_dir_ = new TempDir();
    auto recruitment = ServiceProcess::Start(
        "recruitment", recruitment_dir_->path(),
        {redis_flag, "--metrics_listen=127.0.0.1:0",
         absl::StrCat("--peers=dispatch=", nobody[0], ",ugc=", nobody[1],
                      ",kpi=", nobody[2])});
    ASSERT_TRUE(recruitment.ok()) << recruitment.status();
    recruitment_ = recruitment->release();
    dispatch_dir_ = new TempDir();
    auto dispatch = ServiceProcess::Start(
        "dispatch", dispatch_dir_->path(),
        {redis_flag, "--metrics_listen=127.0.0.1:0",
         absl::StrCat("--peers=recruitment=", recruitment_->address(),
                      ",ugc=", nobody[1], ",kpi=", nobody[2])});
    ASSERT_TRUE(dispatch.ok()) << dispatch.status();
    dispatch_ = dispatch->release();
  }
  static void TearDownTestSuite() {
    for (ServiceProcess* process : {dispatch_, recruitment_}) {
      if (process != nullptr) process->Stop();
      delete process;
    }
    delete dispatch_dir_;
    delete recruitment_dir_;
    delete redis_;
  }

  // The exposition the service serves now, checked as a scraper would.
  static Exposition Scrape(ServiceProcess& service) {
    std::string address;
    EXPECT_TRUE(Eventually([&] {
      address = MetricsAddressIn(service.log_path());
      return !address.empty();
    })) << "no metrics_address in the serving line";
    auto response = HttpGet(address, "/metrics");
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok()) return {};
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->headers["content-type"],
              "text/plain; version=0.0.4; charset=utf-8");
    auto parsed = ParseExposition(response->body);
    EXPECT_TRUE(parsed.ok()) << parsed.status() << "\n" << response->body;
    if (!parsed.ok()) return {};
    for (const auto& [family, type] : parsed->type) {
      EXPECT_TRUE(parsed->help.contains(family)) << family << " has no HELP";
    }
    return *std::move(parsed);
  }

  static RedisServer* redis_;
  static TempDir* recruitment_dir_;
  static TempDir* dispatch_dir_;
  static ServiceProcess* recruitment_;
  static ServiceProcess* dispatch_;
};

RedisServer* MetricsServiceTest::redis_ = nullptr;
TempDir* MetricsServiceTest::recruitment_dir_ = nullptr;
TempDir* MetricsServiceTest::dispatch_dir_ = nullptr;
ServiceProcess* MetricsServiceTest::recruitment_ = nullptr;
ServiceProcess* MetricsServiceTest::dispatch_ = nullptr;

TEST_F(MetricsServiceTest, CallsAreCountedByMethodAndCodeAndTimed) {
  auto stub = RecruitmentStub(recruitment_->channel());
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    AddBearer(context, OpsCaller());
    recruitment_v1::RegisterAmbassadorResponse response;
    const grpc::Status status = stub.RegisterAmbassador(
        &context, RegisterRequest(ValidProfile(absl::StrCat("metrics", i))),
        &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext context;
    AddBearer(context, OpsCaller());
    recruitment_v1::GetAmbassadorRequest request;
    request.set_ambassador_id(UnknownId());
    recruitment_v1::Ambassador response;
    EXPECT_EQ(stub.GetAmbassador(&context, request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }

  const Exposition metrics = Scrape(*recruitment_);
  EXPECT_EQ(metrics.type.at("grpc_server_handled_total"), "counter");
  EXPECT_EQ(metrics.Value("grpc_server_handled_total",
                          {{"grpc_service", kRecruitment},
                           {"grpc_method", "RegisterAmbassador"},
                           {"grpc_code", "OK"}}),
            3);
  EXPECT_EQ(metrics.Value("grpc_server_handled_total",
                          {{"grpc_service", kRecruitment},
                           {"grpc_method", "GetAmbassador"},
                           {"grpc_code", "NOT_FOUND"}}),
            2);
  // Only the codes that happened have a series.
  EXPECT_EQ(
      metrics
          .Find("grpc_server_handled_total", {{"grpc_method", "GetAmbassador"}})
          .size(),
      1u);

  EXPECT_EQ(metrics.type.at("grpc_server_handling_seconds"), "histogram");
  const Labels register_method = {{"grpc_service", kRecruitment},
                                  {"grpc_method", "RegisterAmbassador"}};
  const std::vector<Sample> buckets =
      metrics.Find("grpc_server_handling_seconds_bucket", register_method);
  ASSERT_GE(buckets.size(), 2u);
  const auto le = [](const Sample& bucket) {
    const std::string& bound = bucket.labels.at("le");
    return bound == "+Inf" ? HUGE_VAL : std::stod(bound);
  };
  for (size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_GT(le(buckets[i]), le(buckets[i - 1]));
    EXPECT_GE(buckets[i].value, buckets[i - 1].value)
        << "le=" << buckets[i].labels.at("le") << " counts fewer calls";
  }
  EXPECT_EQ(buckets.back().labels.at("le"), "+Inf");
  EXPECT_EQ(buckets.back().value, 3);
  EXPECT_EQ(
      metrics.Value("grpc_server_handling_seconds_count", register_method), 3);
  EXPECT_GT(*metrics.Value("grpc_server_handling_seconds_sum", register_method),
            0);
  EXPECT_EQ(metrics.Value("grpc_server_handling_seconds_count",
                          {{"grpc_service", kRecruitment},
                           {"grpc_method", "GetAmbassador"}}),
            2);
}

TEST_F(MetricsServiceTest, TheOutboxWaitsForSubscribersThatAreDown) {
  auto stub = RecruitmentStub(recruitment_->channel());
  grpc::ClientContext context;
  AddBearer(context, OpsCaller());
  recruitment_v1::RegisterAmbassadorResponse response;
  ASSERT_TRUE(stub.RegisterAmbassador(&context,
                                      RegisterRequest(ValidProfile("outbox")),
                                      &response)
                  .ok());

  const Exposition metrics = Scrape(*recruitment_);
  EXPECT_EQ(metrics.type.at("nanoinfluence_outbox_pending_events"), "gauge");
  EXPECT_EQ(metrics.type.at("nanoinfluence_outbox_relay_lag_seconds"), "gauge");
  // kpi takes every event; nobody answers at its address.
  EXPECT_GE(*metrics.Value("nanoinfluence_outbox_pending_events",
                           {{"subscriber", "kpi"}}),
            1);
  EXPECT_GT(*metrics.Value("nanoinfluence_outbox_relay_lag_seconds",
                           {{"subscriber", "kpi"}}),
            0);
  for (const char* subscriber : {"dispatch", "ugc"}) {
    EXPECT_TRUE(metrics
                    .Value("nanoinfluence_outbox_pending_events",
                           {{"subscriber", subscriber}})
                    .has_value())
        << subscriber;
  }
}

TEST_F(MetricsServiceTest, ProcessAndDatabaseSeriesAreThere) {
  const Exposition metrics = Scrape(*recruitment_);
  EXPECT_GT(*metrics.Value("process_resident_memory_bytes"), 1 << 20);
  EXPECT_GT(*metrics.Value("process_start_time_seconds"), 1.7e9);
  EXPECT_GT(*metrics.Value("process_open_fds"), 3);
  EXPECT_EQ(metrics.type.at("nanoinfluence_database_errors_total"), "counter");
  for (const char* kind : {"busy", "io", "unique", "constraint", "disk_full",
                           "corrupt", "bad_sql", "other"}) {
    EXPECT_TRUE(
        metrics.Value("nanoinfluence_database_errors_total", {{"kind", kind}})
            .has_value())
        << kind;
  }
  // Recruitment writes tiers but reads none: no tier cache series.
  EXPECT_FALSE(metrics.type.contains("nanoinfluence_tier_cache_hits_total"));
}

TEST_F(MetricsServiceTest, AServiceThatReadsTiersShowsTheTierCache) {
  const Exposition metrics = Scrape(*dispatch_);
  for (const char* layer : {"near", "redis"}) {
    EXPECT_TRUE(
        metrics.Value("nanoinfluence_tier_cache_hits_total", {{"layer", layer}})
            .has_value())
        << layer;
  }
  for (const char* name : {"nanoinfluence_tier_cache_hits_total",
                           "nanoinfluence_tier_cache_misses_total",
                           "nanoinfluence_tier_cache_fallbacks_total",
                           "nanoinfluence_tier_cache_redis_errors_total"}) {
    ASSERT_TRUE(metrics.type.contains(name)) << name;
    EXPECT_EQ(metrics.type.at(name), "counter") << name;
  }
  EXPECT_TRUE(
      metrics.Value("nanoinfluence_tier_cache_misses_total").has_value());
  EXPECT_TRUE(
      metrics.Value("nanoinfluence_tier_cache_fallbacks_total").has_value());
  for (const char* subscriber : {"kpi", "recruitment", "ugc"}) {
    EXPECT_TRUE(metrics
                    .Value("nanoinfluence_outbox_relay_lag_seconds",
                           {{"subscriber", subscriber}})
                    .has_value())
        << subscriber;
  }
  // The harness's health checks are calls too.
  EXPECT_GE(*metrics.Value("grpc_server_handled_total",
                           {{"grpc_service", "grpc.health.v1.Health"},
                            {"grpc_method", "Check"},
                            {"grpc_code", "OK"}}),
            1);
}

TEST(MetricsFlagTest, AnAddressThatIsNotHostPortStopsTheStart) {
  TempDir dir;
  auto started =
      ServiceProcess::Start("kpi", dir.path(), {"--metrics_listen=nonsense"});
  ASSERT_FALSE(started.ok());
  EXPECT_THAT(started.status().message(), HasSubstr("--metrics_listen"));
}

TEST(MetricsFlagTest, WithoutTheFlagNoMetricsAreServed) {
  TempDir dir;
  auto started = ServiceProcess::Start("kpi", dir.path());
  ASSERT_TRUE(started.ok()) << started.status();
  ASSERT_TRUE(Eventually([&] {
    return !LogLinesWith((*started)->log_path(), {"\"msg\":\"serving\""})
                .empty();
  }));
  EXPECT_EQ(MetricsAddressIn((*started)->log_path()), "");
  EXPECT_EQ((*started)->Stop(), 0);
}

}  // namespace
}  // namespace nanoinfluence::testing
