// The access policy read from the contracts, the per-caller write limit and
// the tenancy rules handlers share.
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.pb.h"
#include "gtest/gtest.h"
#include "libs/auth/access_policy.h"
#include "libs/auth/rate_limiter.h"
#include "libs/auth/tenancy.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.pb.h"
#include "nanoinfluence/kpi/v1/kpi_service.pb.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.pb.h"
#include "nanoinfluence/ugc/v1/ugc_service.pb.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::auth {
namespace {

using ::nanoinfluence::testing::AmbassadorCaller;
using ::nanoinfluence::testing::BrandCaller;
using ::nanoinfluence::testing::OpsCaller;
using ::testing::ElementsAre;

// Links the contracts into this binary's descriptor pool (a static library's
// unreferenced generated code is left out by the linker).
[[maybe_unused]] const bool kContractsLinked =
    recruitment::v1::RegisterAmbassadorRequest::descriptor() != nullptr &&
    dispatch::v1::SetStockRequest::descriptor() != nullptr &&
    ugc::v1::SubmitContentRequest::descriptor() != nullptr &&
    kpi::v1::GetCampaignReportRequest::descriptor() != nullptr &&
    grpc::health::v1::HealthCheckRequest::descriptor() != nullptr;

TEST(AccessPolicyTableTest, ReadsEveryMethodOfTheFourServices) {
  auto table = AccessPolicyTable::ForServices(
      {"nanoinfluence.recruitment.v1.RecruitmentService",
       "nanoinfluence.dispatch.v1.DispatchService",
       "nanoinfluence.ugc.v1.UgcService", "nanoinfluence.kpi.v1.KpiService"});
  ASSERT_TRUE(table.ok()) << table.status();
  const MethodPolicy* ingest =
      table->Find("/nanoinfluence.kpi.v1.KpiService/IngestEvents");
  ASSERT_NE(ingest, nullptr);
  EXPECT_THAT(ingest->roles, ElementsAre(common::v1::ROLE_SERVICE));
  EXPECT_EQ(table->Find("/nanoinfluence.kpi.v1.KpiService/NoSuchMethod"),
            nullptr);
}

TEST(AccessPolicyTableTest, MarksMethodsWithARequestIdAsWrites) {
  auto table = AccessPolicyTable::ForServices(
      {"nanoinfluence.recruitment.v1.RecruitmentService"});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_TRUE(table
                  ->Find("/nanoinfluence.recruitment.v1.RecruitmentService/"
                         "RegisterAmbassador")
                  ->writes);
  EXPECT_FALSE(
      table->Find("/nanoinfluence.recruitment.v1.RecruitmentService/GetTier")
          ->writes);
}

TEST(AccessPolicyTableTest, RefusesServicesWithoutPolicyOrUnknown) {
  EXPECT_EQ(
      AccessPolicyTable::ForServices({"grpc.health.v1.Health"}).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AccessPolicyTable::ForServices({"no.such.Service"}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(RateLimiterTest, SpendsTheBurstThenRefillsAtTheRate) {
  RateLimiter limiter({.per_second = 2, .burst = 3});
  const absl::Time start = absl::FromUnixSeconds(1000);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("alice", start));
  EXPECT_FALSE(limiter.Allow("alice", start));
  EXPECT_TRUE(limiter.Allow("bob", start)) << "buckets are per caller";
  EXPECT_TRUE(limiter.Allow("alice", start + absl::Milliseconds(500)));
  EXPECT_FALSE(limiter.Allow("alice", start + absl::Milliseconds(500)));
  // Idle for long: back to the burst, never above it.
  const absl::Time later = start + absl::Hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("alice", later));
  EXPECT_FALSE(limiter.Allow("alice", later));
}

TEST(RateLimiterTest, ZeroRateMeansNoLimit) {
  RateLimiter limiter({.per_second = 0, .burst = 0});
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(limiter.Allow("alice", absl::UnixEpoch()));
  }
}

TEST(TenancyTest, BrandCallersActForTheirOwnBrandOnly) {
  const Caller brand = BrandCaller("brand-a");
  EXPECT_EQ(BrandFor(brand, "").value_or(""), "brand-a");
  EXPECT_EQ(BrandFor(brand, "brand-a").value_or(""), "brand-a");
  EXPECT_EQ(BrandFor(brand, "brand-b").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(BrandFor(AmbassadorCaller("amb-1"), "brand-a").status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(TenancyTest, OpsNameTheTenantInTheRequest) {
  EXPECT_EQ(BrandFor(OpsCaller(), "brand-b").value_or(""), "brand-b");
  EXPECT_EQ(BrandFor(OpsCaller(), "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AmbassadorFor(OpsCaller(), "amb-2").value_or(""), "amb-2");
}

TEST(TenancyTest, AmbassadorsActForThemselvesOnly) {
  const Caller me = AmbassadorCaller("amb-1");
  EXPECT_EQ(AmbassadorFor(me, "").value_or(""), "amb-1");
  EXPECT_EQ(AmbassadorFor(me, "amb-2").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(AmbassadorFor(BrandCaller("brand-a"), "amb-1").status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(TenancyTest, ForeignAndMissingObjectsAnswerAlike) {
  const Caller brand_a = BrandCaller("brand-a");
  EXPECT_FALSE(brand_a.SeesBrand("brand-b"));
  EXPECT_TRUE(brand_a.SeesBrand("brand-a"));
  EXPECT_TRUE(OpsCaller().SeesBrand("brand-b"));
  EXPECT_FALSE(AmbassadorCaller("amb-1").SeesAmbassador("amb-2"));
  // A handler answers NotFound for both; the status carries nothing else.
  EXPECT_EQ(NotFound("campaign", "c-1"),
            absl::NotFoundError("campaign \"c-1\": not found"));
}

}  // namespace
}  // namespace nanoinfluence::auth
