// CreateUpliftStudy: the stored study, idempotency by request_id, unique
// names, every bad field, tenancy and the report version.
#include <functional>
#include <ostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/validation/field_checks.h"
#include "tests/kpi/studies/studies_fixture.h"

namespace nanoinfluence::kpi::testing {
namespace {

using ::testing::StartsWith;

TEST_F(StudiesTest, CreateStoresTheStudyUnderTheCampaignsBrand) {
  const std::string before = Snapshot();
  v1::UpliftStudy study;
  // Ops creates it: the brand can only come from the campaign.
  ASSERT_TRUE(
      studies_
          ->Create(Ops(), CreateRequest("r1", kCampaignA, "  Spring  "), &study)
          .ok());

  EXPECT_TRUE(validation::IsUuid(study.study_id())) << study.study_id();
  EXPECT_EQ(study.campaign_id(), kCampaignA);
  EXPECT_EQ(study.brand_id(), kBrandA);
  EXPECT_EQ(study.name(), "Spring");  // trimmed
  EXPECT_EQ(study.before().first_day().day(), 1);
  EXPECT_EQ(study.before().last_day().month(), 1);
  EXPECT_EQ(study.before().last_day().day(), 31);
  EXPECT_EQ(study.during().first_day().month(), 2);
  EXPECT_EQ(study.during().last_day().day(), 29);
  EXPECT_EQ(study.during().last_day().year(), 2024);
  EXPECT_EQ(study.min_stores_per_area(), 2);
  EXPECT_EQ(study.default_seed(), 42u);
  EXPECT_EQ(study.exposed_stores(), 0);
  EXPECT_EQ(study.control_stores(), 0);
  EXPECT_TRUE(study.has_create_time());
  EXPECT_FALSE(study.has_last_sales_time());
  EXPECT_EQ(Count("uplift_studies"), 1);
  EXPECT_EQ(ReportVersion(kCampaignA), 1);
  EXPECT_NE(Snapshot(), before);

  // What List reads back is what Create answered.
  v1::ListUpliftStudiesRequest list;
  list.set_campaign_id(kCampaignA);
  v1::ListUpliftStudiesResponse listed;
  ASSERT_TRUE(studies_->List(Ops(), list, &listed).ok());
  ASSERT_EQ(listed.studies_size(), 1);
  EXPECT_EQ(listed.studies(0).SerializeAsString(), study.SerializeAsString());
}

TEST_F(StudiesTest, CreateDefaultsMinStoresToFiveAndPicksANonZeroSeed) {
  v1::CreateUpliftStudyRequest request =
      CreateRequest("r1", kCampaignA, "Spring");
  request.set_min_stores_per_area(0);
  request.set_default_seed(0);
  v1::UpliftStudy first, replay, other;
  ASSERT_TRUE(studies_->Create(Ops(), request, &first).ok());
  EXPECT_EQ(first.min_stores_per_area(), 5);
  EXPECT_NE(first.default_seed(), 0u);
  // The seed is stored: the replay answers the same one.
  ASSERT_TRUE(studies_->Create(Ops(), request, &replay).ok());
  EXPECT_EQ(replay.default_seed(), first.default_seed());

  request.set_request_id("r2");
  request.set_name("Summer");
  ASSERT_TRUE(studies_->Create(Ops(), request, &other).ok());
  EXPECT_NE(other.default_seed(), 0u);
  // Random: two studies sharing a 64-bit seed would be a 2^-64 event.
  EXPECT_NE(other.default_seed(), first.default_seed());
}

TEST_F(StudiesTest, CreateReplaysTheFirstAnswerForTheSameRequest) {
  const v1::UpliftStudy first = MustCreate("r1", kCampaignA, "Spring");
  const std::string after_first = Snapshot();
  v1::UpliftStudy replay;
  ASSERT_TRUE(
      studies_
          ->Create(Ops(), CreateRequest("r1", kCampaignA, "Spring"), &replay)
          .ok());
  EXPECT_EQ(replay.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Count("uplift_studies"), 1);
  EXPECT_EQ(ReportVersion(kCampaignA), 1);  // bumped once
  EXPECT_EQ(Snapshot(), after_first);
}

TEST_F(StudiesTest, CreateRefusesARequestIdReusedForAnotherRequest) {
  MustCreate("r1", kCampaignA, "Spring");
  const std::string before = Snapshot();
  v1::UpliftStudy study;
  const absl::Status status = studies_->Create(
      Ops(), CreateRequest("r1", kCampaignA, "Summer"), &study);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_THAT(std::string(status.message()), StartsWith("request_id"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(StudiesTest, CreateRefusesANameAlreadyUsedInTheCampaign) {
  MustCreate("r1", kCampaignA, "Spring");
  const std::string before = Snapshot();
  v1::UpliftStudy study;
  const absl::Status status = studies_->Create(
      Ops(), CreateRequest("r2", kCampaignA, " Spring"), &study);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_THAT(std::string(status.message()), StartsWith("name: "));
  EXPECT_EQ(Snapshot(), before);

  // Unique within the campaign only.
  MustCreate("r3", kCampaignA2, "Spring");
  EXPECT_EQ(Count("uplift_studies"), 2);
}

TEST_F(StudiesTest, CreateAcceptsEveryBoundary) {
  v1::CreateUpliftStudyRequest request =
      CreateRequest("r1", kCampaignA, std::string(100, 'n'));
  // 366 days each, DURING starting the day after BEFORE ends.
  *request.mutable_before() = Range(Day(2023, 1, 1), Day(2024, 1, 1));
  *request.mutable_during() = Range(Day(2024, 1, 2), Day(2025, 1, 1));
  request.set_min_stores_per_area(10000);
  request.set_default_seed(~uint64_t{0});
  v1::UpliftStudy study;
  const absl::Status status = studies_->Create(Ops(), request, &study);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(study.default_seed(), ~uint64_t{0});  // all 64 bits kept
  EXPECT_EQ(study.min_stores_per_area(), 10000);

  request = CreateRequest("r2", kCampaignA, "two");
  request.set_min_stores_per_area(2);
  EXPECT_TRUE(studies_->Create(Ops(), request, &study).ok());
}

TEST_F(StudiesTest, CreateTenancy) {
  const std::string before = Snapshot();
  v1::UpliftStudy study;
  // Another brand's campaign answers exactly like a missing one.
  const absl::Status foreign = studies_->Create(
      BrandB(), CreateRequest("r1", kCampaignA, "Spring"), &study);
  const absl::Status missing = studies_->Create(
      BrandB(), CreateRequest("r2", kMissingId, "Spring"), &study);
  EXPECT_EQ(foreign.code(), absl::StatusCode::kNotFound) << foreign;
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound) << missing;
  EXPECT_EQ(foreign.message(),
            absl::StrCat("campaign \"", kCampaignA, "\": not found"));
  // Not opened yet: NOT_FOUND, for ops as well.
  const absl::Status unopened = studies_->Create(
      Ops(), CreateRequest("r3", kUnopenedA, "Spring"), &study);
  EXPECT_EQ(unopened.code(), absl::StatusCode::kNotFound) << unopened;
  EXPECT_EQ(Snapshot(), before);

  // The brand creates studies of its own campaigns.
  ASSERT_TRUE(
      studies_
          ->Create(BrandA(), CreateRequest("r1", kCampaignA, "Spring"), &study)
          .ok());
  EXPECT_EQ(study.brand_id(), kBrandA);
}

// One rule of the contract broken per case: INVALID_ARGUMENT naming the
// field, and nothing written.
struct BadCreate {
  std::string name;
  std::function<void(v1::CreateUpliftStudyRequest&)> spoil;
  std::string field;
};

// Test names show the case, not the struct's bytes.
void PrintTo(const BadCreate& bad, std::ostream* os) { *os << bad.name; }

class StudiesBadCreateTest : public StudiesTest,
                             public ::testing::WithParamInterface<BadCreate> {};

TEST_P(StudiesBadCreateTest, IsInvalidArgumentNamingTheFieldAndWritesNothing) {
  MustCreate("existing", kCampaignA, "Existing");
  const std::string before = Snapshot();
  v1::CreateUpliftStudyRequest request =
      CreateRequest("r1", kCampaignA, "Spring");
  GetParam().spoil(request);
  v1::UpliftStudy study;
  const absl::Status status = studies_->Create(Ops(), request, &study);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()),
              StartsWith(GetParam().field + ": "));
  EXPECT_EQ(Snapshot(), before);
}

using Request = v1::CreateUpliftStudyRequest;

INSTANTIATE_TEST_SUITE_P(
    EveryRule, StudiesBadCreateTest,
    ::testing::Values(
        BadCreate{"RequestIdEmpty", [](Request& r) { r.clear_request_id(); },
                  "request_id"},
        BadCreate{"RequestIdTooLong",
                  [](Request& r) { r.set_request_id(std::string(65, 'r')); },
                  "request_id"},
        BadCreate{"RequestIdWithSpace",
                  [](Request& r) { r.set_request_id("r 1"); }, "request_id"},
        BadCreate{"CampaignIdEmpty", [](Request& r) { r.clear_campaign_id(); },
                  "campaign_id"},
        BadCreate{"CampaignIdNotUuid",
                  [](Request& r) { r.set_campaign_id("campaign-1"); },
                  "campaign_id"},
        BadCreate{"NameEmpty", [](Request& r) { r.clear_name(); }, "name"},
        BadCreate{"NameBlank", [](Request& r) { r.set_name(" \t "); }, "name"},
        BadCreate{"NameTooLong",
                  [](Request& r) { r.set_name(std::string(101, 'n')); },
                  "name"},
        BadCreate{"NameInvalidUtf8",
                  [](Request& r) { r.set_name("Spring\xff"); }, "name"},
        BadCreate{"NameZeroWidth",
                  [](Request& r) { r.set_name("Spr\u200bing"); }, "name"},
        BadCreate{"NameNul",
                  [](Request& r) { r.set_name(std::string("a\0b", 3)); },
                  "name"},
        BadCreate{"BeforeMissing", [](Request& r) { r.clear_before(); },
                  "before"},
        BadCreate{"BeforeFirstDayMissing",
                  [](Request& r) { r.mutable_before()->clear_first_day(); },
                  "before.first_day"},
        BadCreate{"BeforeLastDayNotADate",
                  [](Request& r) {
                    *r.mutable_before()->mutable_last_day() = Day(2023, 2, 30);
                  },
                  "before.last_day"},
        BadCreate{"BeforeReversed",
                  [](Request& r) {
                    *r.mutable_before() =
                        Range(Day(2024, 1, 31), Day(2024, 1, 1));
                  },
                  "before.last_day"},
        BadCreate{"BeforeOver366Days",
                  [](Request& r) {
                    *r.mutable_before() =
                        Range(Day(2022, 12, 31), Day(2024, 1, 1));
                  },
                  "before"},
        BadCreate{"DuringMissing", [](Request& r) { r.clear_during(); },
                  "during"},
        BadCreate{"DuringFirstDayBadMonth",
                  [](Request& r) {
                    *r.mutable_during()->mutable_first_day() = Day(2024, 13, 1);
                  },
                  "during.first_day"},
        BadCreate{"DuringYearBefore1900",
                  [](Request& r) {
                    *r.mutable_during()->mutable_last_day() = Day(1899, 3, 1);
                  },
                  "during.last_day"},
        BadCreate{"DuringReversed",
                  [](Request& r) {
                    *r.mutable_during() =
                        Range(Day(2024, 2, 29), Day(2024, 2, 1));
                  },
                  "during.last_day"},
        BadCreate{"DuringOver366Days",
                  [](Request& r) {
                    *r.mutable_during() =
                        Range(Day(2024, 2, 1), Day(2025, 2, 1));
                  },
                  "during"},
        BadCreate{"PeriodsOverlap",
                  [](Request& r) {
                    *r.mutable_during() =
                        Range(Day(2024, 1, 31), Day(2024, 2, 29));
                  },
                  "during.first_day"},
        BadCreate{"DuringBeforeBefore",
                  [](Request& r) {
                    *r.mutable_during() =
                        Range(Day(2023, 6, 1), Day(2023, 6, 30));
                  },
                  "during.first_day"},
        BadCreate{"MinStoresOne",
                  [](Request& r) { r.set_min_stores_per_area(1); },
                  "min_stores_per_area"},
        BadCreate{"MinStoresNegative",
                  [](Request& r) { r.set_min_stores_per_area(-5); },
                  "min_stores_per_area"},
        BadCreate{"MinStoresOverLimit",
                  [](Request& r) { r.set_min_stores_per_area(10001); },
                  "min_stores_per_area"}),
    [](const ::testing::TestParamInfo<BadCreate>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace nanoinfluence::kpi::testing
