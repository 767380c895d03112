// The authorization matrix: every method of every service, enumerated from the
// contracts, called over a real socket on the real binaries with no token, a
// malformed one, a bad signature, an expired one, a wrong audience or issuer,
// and each role. Every answer must match the method's declared policy. A new
// RPC without a policy fails here too (its server refuses to start, and the
// policy check below names it).
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "libs/auth/bearer.h"
#include "libs/auth/token.h"
#include "libs/probe/health_probe.h"
#include "libs/probe/reflection_probe.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.pb.h"
#include "nanoinfluence/kpi/v1/kpi_service.pb.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.pb.h"
#include "nanoinfluence/ugc/v1/ugc_service.pb.h"
#include "tests/harness/one_message_call.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"
#include "tests/integration/refused_tokens.h"

namespace nanoinfluence::testing {
namespace {

using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

// The file of each service; referencing it also links it into this binary.
const std::map<std::string, const google::protobuf::FileDescriptor*>&
ServiceFiles() {
  static const auto* files =
      new std::map<std::string, const google::protobuf::FileDescriptor*>{
          {"recruitment",
           recruitment::v1::RegisterAmbassadorRequest::descriptor()->file()},
          {"dispatch", dispatch::v1::SetStockRequest::descriptor()->file()},
          {"ugc", ugc::v1::SubmitContentRequest::descriptor()->file()},
          {"kpi", kpi::v1::GetCampaignReportRequest::descriptor()->file()},
      };
  return *files;
}

std::vector<auth::Caller> OneCallerPerRole() {
  return {OpsCaller(), BrandCaller("brand-a"), AmbassadorCaller("amb-1"),
          ServiceCaller("matrix")};
}

class AuthorizationMatrixTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AuthorizationMatrixTest, EveryMethodAnswersAsItsPolicyDeclares) {
  const std::string service_name = GetParam();
  const ServiceDescriptor* service =
      ServiceFiles()
          .at(service_name)
          ->FindServiceByName(
              ServiceFullName(service_name)
                  .substr(ServiceFiles().at(service_name)->package().size() +
                          1));
  ASSERT_NE(service, nullptr);
  TempDir dir;
  auto process = ServiceProcess::Start(service_name, dir.path());
  ASSERT_TRUE(process.ok()) << process.status();
  grpc::GenericStub stub((*process)->channel());
  const auto refused = RefusedAuthorizations();

  for (int i = 0; i < service->method_count(); ++i) {
    const MethodDescriptor* method = service->method(i);
    const std::string path =
        absl::StrCat("/", service->full_name(), "/", method->name());
    const auto& roles =
        method->options().GetExtension(common::v1::access).roles();
    ASSERT_FALSE(roles.empty()) << path << " declares no access policy";

    for (const auto& [case_name, authorization] : refused) {
      EXPECT_EQ(OneMessageCall().Run(stub, path, authorization).error_code(),
                grpc::StatusCode::UNAUTHENTICATED)
          << path << " with " << case_name;
    }
    for (const auth::Caller& caller : OneCallerPerRole()) {
      const bool allowed =
          std::find(roles.begin(), roles.end(), caller.role) != roles.end();
      const grpc::StatusCode code =
          OneMessageCall()
              .Run(stub, path, Bearer(*TestTokenSettings(), caller))
              .error_code();
      if (allowed) {
        EXPECT_NE(code, grpc::StatusCode::UNAUTHENTICATED)
            << path << " as " << auth::RoleName(caller.role);
        EXPECT_NE(code, grpc::StatusCode::PERMISSION_DENIED)
            << path << " as " << auth::RoleName(caller.role);
      } else {
        EXPECT_EQ(code, grpc::StatusCode::PERMISSION_DENIED)
            << path << " as " << auth::RoleName(caller.role);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EachService, AuthorizationMatrixTest,
                         ::testing::Values("recruitment", "dispatch", "ugc",
                                           "kpi"));

TEST(AuthorizationTest, HealthAndReflectionAnswerWithoutAToken) {
  TempDir dir;
  auto process = ServiceProcess::Start("kpi", dir.path());
  ASSERT_TRUE(process.ok()) << process.status();
  auto health = CheckHealth((*process)->channel(), "", absl::Seconds(5));
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(*health, grpc::health::v1::HealthCheckResponse::SERVING);
  auto listed = ListServices((*process)->channel(), absl::Seconds(5));
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_THAT(*listed, ::testing::Contains("nanoinfluence.kpi.v1.KpiService"));
}

TEST(AuthorizationTest, ReflectionCanRequireAnOpsToken) {
  TempDir dir;
  auto process =
      ServiceProcess::Start("kpi", dir.path(), {"--reflection_requires_ops"});
  ASSERT_TRUE(process.ok()) << process.status();
  auto channel = (*process)->channel();
  EXPECT_EQ(ListServices(channel, absl::Seconds(5)).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(
      ListServices(channel, absl::Seconds(5), TestToken(BrandCaller("brand-a")))
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      ListServices(channel, absl::Seconds(5), TestToken(OpsCaller())).ok());
}

TEST(AuthorizationTest, WritesAreRateLimitedPerCaller) {
  TempDir dir;
  auto process = ServiceProcess::Start(
      "recruitment", dir.path(),
      {"--write_rate_per_second=0.001", "--write_burst=2"});
  ASSERT_TRUE(process.ok()) << process.status();
  grpc::GenericStub stub((*process)->channel());
  const std::string write =
      "/nanoinfluence.recruitment.v1.RecruitmentService/RegisterAmbassador";
  const std::string alice = Bearer(*TestTokenSettings(), OpsCaller("alice"));
  for (int i = 0; i < 2; ++i) {
    EXPECT_NE(OneMessageCall().Run(stub, write, alice).error_code(),
              grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  EXPECT_EQ(OneMessageCall().Run(stub, write, alice).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Another caller has a bucket of its own; reads are not limited.
  EXPECT_NE(
      OneMessageCall()
          .Run(stub, write, Bearer(*TestTokenSettings(), OpsCaller("bob")))
          .error_code(),
      grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(
      OneMessageCall()
          .Run(stub, "/nanoinfluence.recruitment.v1.RecruitmentService/GetTier",
               alice)
          .error_code(),
      grpc::StatusCode::RESOURCE_EXHAUSTED);
  // The suite's own calls (event batches) are not limited.
  const std::string ingest =
      "/nanoinfluence.recruitment.v1.RecruitmentService/IngestEvents";
  const std::string relay =
      Bearer(*TestTokenSettings(), ServiceCaller("dispatch"));
  for (int i = 0; i < 5; ++i) {
    EXPECT_NE(OneMessageCall().Run(stub, ingest, relay).error_code(),
              grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
}

}  // namespace
}  // namespace nanoinfluence::testing
