// RecordStoreSales: created and replaced figures, store counts, idempotency,
// the store's fixed area, all-or-nothing batches, every bad field, tenancy.
#include <functional>
#include <ostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kpi/studies/studies_fixture.h"

namespace nanoinfluence::kpi::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr v1::StoreArea kExposed = v1::STORE_AREA_EXPOSED;
constexpr v1::StoreArea kControl = v1::STORE_AREA_CONTROL;
constexpr v1::SalesPeriod kBefore = v1::SALES_PERIOD_BEFORE;
constexpr v1::SalesPeriod kDuring = v1::SALES_PERIOD_DURING;

TEST_F(StudiesTest, RecordCountsCreatedAndReplacedFigures) {
  const v1::UpliftStudy study = MustCreate("c1", kCampaignA, "Spring");
  const int64_t version = ReportVersion(kCampaignA);

  const v1::RecordStoreSalesResponse first = MustRecord(SalesRequest(
      "s1", study.study_id(),
      {Sale("e1", kExposed, kBefore, 100), Sale("e1", kExposed, kDuring, 120),
       Sale("c1", kControl, kBefore, 90)}));
  EXPECT_EQ(first.created(), 3);
  EXPECT_EQ(first.replaced(), 0);
  EXPECT_EQ(first.study().study_id(), study.study_id());
  EXPECT_EQ(first.study().exposed_stores(), 1);
  EXPECT_EQ(first.study().control_stores(), 1);
  EXPECT_TRUE(first.study().has_last_sales_time());
  EXPECT_EQ(ReportVersion(kCampaignA), version + 1);

  // A correction overwrites: e1 BEFORE replaced, c1 DURING and e2 new.
  const v1::RecordStoreSalesResponse second = MustRecord(SalesRequest(
      "s2", study.study_id(),
      {Sale("e1", kExposed, kBefore, 105), Sale("c1", kControl, kDuring, 95),
       Sale("e2", kExposed, kBefore, 0)}));
  EXPECT_EQ(second.created(), 2);
  EXPECT_EQ(second.replaced(), 1);
  EXPECT_EQ(second.study().exposed_stores(), 2);
  EXPECT_EQ(second.study().control_stores(), 1);
  EXPECT_EQ(UnitsOf(study.study_id(), "e1", kBefore), 105);
  EXPECT_EQ(UnitsOf(study.study_id(), "e1", kDuring), 120);
  EXPECT_EQ(UnitsOf(study.study_id(), "c1", kDuring), 95);
  EXPECT_EQ(UnitsOf(study.study_id(), "e2", kBefore), 0);
  EXPECT_EQ(Count("uplift_sales"), 5);
  EXPECT_EQ(Count("uplift_stores"), 3);
  EXPECT_EQ(ReportVersion(kCampaignA), version + 2);

  // Replacing only still counts as a replacement, not a new store.
  const v1::RecordStoreSalesResponse third = MustRecord(
      SalesRequest("s3", study.study_id(), {Sale("e2", kExposed, kBefore, 0)}));
  EXPECT_EQ(third.created(), 0);
  EXPECT_EQ(third.replaced(), 1);
  EXPECT_EQ(third.study().exposed_stores(), 2);
}

TEST_F(StudiesTest, RecordAcceptsTheBoundaries) {
  const v1::UpliftStudy study = MustCreate("c1", kCampaignA, "Spring");
  v1::RecordStoreSalesRequest request =
      SalesRequest("s1", study.study_id(), {});
  *request.add_sales() = Sale(std::string(64, 's'), kExposed, kBefore, 0);
  *request.add_sales() =
      Sale(std::string(64, 's'), kExposed, kDuring, 1000000000);
  for (int i = 0; i < 998; ++i) {
    *request.add_sales() = Sale(absl::StrCat("c", i), kControl, kBefore, i);
  }
  const v1::RecordStoreSalesResponse response = MustRecord(request);
  EXPECT_EQ(response.created(), 1000);
  EXPECT_EQ(response.study().control_stores(), 998);
  EXPECT_EQ(UnitsOf(study.study_id(), std::string(64, 's'), kDuring),
            1000000000);
}

TEST_F(StudiesTest, RecordReplaysTheFirstAnswerForTheSameRequest) {
  const v1::UpliftStudy study = MustCreate("c1", kCampaignA, "Spring");
  const v1::RecordStoreSalesRequest request = SalesRequest(
      "s1", study.study_id(),
      {Sale("e1", kExposed, kBefore, 100), Sale("e1", kExposed, kDuring, 120)});
  const v1::RecordStoreSalesResponse first = MustRecord(request);
  const std::string after_first = Snapshot();
  // A retry is not a replacement of the figures it created.
  const v1::RecordStoreSalesResponse replay = MustRecord(request);
  EXPECT_EQ(replay.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(replay.created(), 2);
  EXPECT_EQ(Snapshot(), after_first);
}

TEST_F(StudiesTest, RecordRefusesARequestIdReusedForAnotherRequest) {
  const v1::UpliftStudy study = MustCreate("c1", kCampaignA, "Spring");
  MustRecord(SalesRequest("s1", study.study_id(),
                          {Sale("e1", kExposed, kBefore, 100)}));
  const std::string before = Snapshot();
  v1::RecordStoreSalesResponse response;
  const absl::Status status = studies_->RecordSales(
      Ops(),
      SalesRequest("s1", study.study_id(), {Sale("e1", kExposed, kBefore, 7)}),
      &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_THAT(std::string(status.message()), StartsWith("request_id"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(StudiesTest, RecordRefusesTheOtherAreaAndWritesNothingOfTheBatch) {
  const v1::UpliftStudy study = MustCreate("c1", kCampaignA, "Spring");
  MustRecord(SalesRequest("s1", study.study_id(),
                          {Sale("shop-7", kExposed, kBefore, 100),
                           Sale("old-1", kExposed, kBefore, 1)}));
  const std::string before = Snapshot();
  v1::RecordStoreSalesResponse response;
  // A valid new figure and a replacement first, then shop-7 in CONTROL.
  const absl::Status status = studies_->RecordSales(
      Ops(),
      SalesRequest("s2", study.study_id(),
                   {Sale("new-1", kControl, kBefore, 10),
                    Sale("old-1", kExposed, kBefore, 11),
                    Sale("shop-7", kControl, kDuring, 12)}),
      &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("\"shop-7\""));
  EXPECT_THAT(std::string(status.message()), StartsWith("sales[2].area: "));
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(UnitsOf(study.study_id(), "new-1", kBefore), -1);
  EXPECT_EQ(UnitsOf(study.study_id(), "shop-7", kBefore), 100);
  EXPECT_EQ(UnitsOf(study.study_id(), "old-1", kBefore), 1);
  EXPECT_EQ(UnitsOf(study.study_id(), "shop-7", kDuring), -1);

  // Retried with the right area, the same request_id goes through: a
  // refused batch leaves no stored answer behind.
  const absl::Status retried = studies_->RecordSales(
      Ops(),
      SalesRequest("s2", study.study_id(),
                   {Sale("new-1", kControl, kBefore, 10),
                    Sale("old-1", kExposed, kBefore, 11),
                    Sale("shop-7", kExposed, kDuring, 12)}),
      &response);
  ASSERT_TRUE(retried.ok()) << retried;
  EXPECT_EQ(response.created(), 2);
  EXPECT_EQ(response.replaced(), 1);
}

TEST_F(StudiesTest, RecordTenancy) {
  const v1::UpliftStudy study = MustCreate("c1", kCampaignA, "Spring");
  const std::string before = Snapshot();
  v1::RecordStoreSalesResponse response;
  const absl::Status foreign = studies_->RecordSales(
      BrandB(),
      SalesRequest("s1", study.study_id(), {Sale("e1", kExposed, kBefore, 1)}),
      &response);
  const absl::Status missing = studies_->RecordSales(
      BrandB(),
      SalesRequest("s2", kMissingId, {Sale("e1", kExposed, kBefore, 1)}),
      &response);
  EXPECT_EQ(foreign.code(), absl::StatusCode::kNotFound) << foreign;
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound) << missing;
  // The same words, so a study id cannot be probed.
  EXPECT_EQ(foreign.message(),
            absl::StrCat("study \"", study.study_id(), "\": not found"));
  EXPECT_EQ(missing.message(),
            absl::StrCat("study \"", kMissingId, "\": not found"));
  EXPECT_EQ(Snapshot(), before);

  EXPECT_TRUE(
      studies_
          ->RecordSales(BrandA(),
                        SalesRequest("s1", study.study_id(),
                                     {Sale("e1", kExposed, kBefore, 1)}),
                        &response)
          .ok());
  EXPECT_EQ(response.created(), 1);
}

// One rule of the contract broken per case, in the third record where the
// rule is about a record: INVALID_ARGUMENT naming the field, nothing written.
struct BadRecord {
  std::string name;
  std::function<void(v1::RecordStoreSalesRequest&)> spoil;
  std::string field;
};

// Test names show the case, not the struct's bytes.
void PrintTo(const BadRecord& bad, std::ostream* os) { *os << bad.name; }

class StudiesBadRecordTest : public StudiesTest,
                             public ::testing::WithParamInterface<BadRecord> {};

TEST_P(StudiesBadRecordTest, IsInvalidArgumentNamingTheFieldAndWritesNothing) {
  const v1::UpliftStudy study = MustCreate("c1", kCampaignA, "Spring");
  MustRecord(SalesRequest("s0", study.study_id(),
                          {Sale("e1", kExposed, kBefore, 100)}));
  const std::string before = Snapshot();
  v1::RecordStoreSalesRequest request = SalesRequest(
      "s1", study.study_id(),
      {Sale("e1", kExposed, kDuring, 120), Sale("c1", kControl, kBefore, 90),
       Sale("c1", kControl, kDuring, 95)});
  GetParam().spoil(request);
  v1::RecordStoreSalesResponse response;
  const absl::Status status = studies_->RecordSales(Ops(), request, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()),
              StartsWith(GetParam().field + ": "));
  EXPECT_EQ(Snapshot(), before);
}

using Request = v1::RecordStoreSalesRequest;

INSTANTIATE_TEST_SUITE_P(
    EveryRule, StudiesBadRecordTest,
    ::testing::Values(
        BadRecord{"RequestIdEmpty", [](Request& r) { r.clear_request_id(); },
                  "request_id"},
        BadRecord{"RequestIdTooLong",
                  [](Request& r) { r.set_request_id(std::string(65, 'r')); },
                  "request_id"},
        BadRecord{"StudyIdEmpty", [](Request& r) { r.clear_study_id(); },
                  "study_id"},
        BadRecord{"StudyIdNotUuid", [](Request& r) { r.set_study_id("x'--"); },
                  "study_id"},
        BadRecord{"SalesEmpty", [](Request& r) { r.clear_sales(); }, "sales"},
        BadRecord{"SalesOver1000",
                  [](Request& r) {
                    for (int i = 0; i < 998; ++i) {
                      *r.add_sales() =
                          Sale(absl::StrCat("x", i), v1::STORE_AREA_CONTROL,
                               v1::SALES_PERIOD_BEFORE, 1);
                    }
                  },
                  "sales"},
        BadRecord{"StoreIdEmpty",
                  [](Request& r) { r.mutable_sales(2)->clear_store_id(); },
                  "sales[2].store_id"},
        BadRecord{"StoreIdTooLong",
                  [](Request& r) {
                    r.mutable_sales(2)->set_store_id(std::string(65, 's'));
                  },
                  "sales[2].store_id"},
        BadRecord{"StoreIdControlCharacter",
                  [](Request& r) { r.mutable_sales(2)->set_store_id("c\x01"); },
                  "sales[2].store_id"},
        BadRecord{
            "StoreIdBidiOverride",
            [](Request& r) { r.mutable_sales(2)->set_store_id("c\u202e1"); },
            "sales[2].store_id"},
        BadRecord{"AreaUnspecified",
                  [](Request& r) {
                    r.mutable_sales(2)->set_area(v1::STORE_AREA_UNSPECIFIED);
                  },
                  "sales[2].area"},
        BadRecord{"AreaUnknown",
                  [](Request& r) {
                    r.mutable_sales(2)->set_area(
                        static_cast<v1::StoreArea>(999));
                  },
                  "sales[2].area"},
        BadRecord{"AreaDiffersInTheBatch",
                  [](Request& r) {
                    r.mutable_sales(2)->set_area(v1::STORE_AREA_EXPOSED);
                  },
                  "sales[2].area"},
        BadRecord{"PeriodUnspecified",
                  [](Request& r) {
                    r.mutable_sales(2)->set_period(
                        v1::SALES_PERIOD_UNSPECIFIED);
                  },
                  "sales[2].period"},
        BadRecord{"PeriodNegative",
                  [](Request& r) {
                    r.mutable_sales(2)->set_period(
                        static_cast<v1::SalesPeriod>(-1));
                  },
                  "sales[2].period"},
        BadRecord{"UnitsNegative",
                  [](Request& r) { r.mutable_sales(2)->set_units_sold(-1); },
                  "sales[2].units_sold"},
        BadRecord{
            "UnitsOverOneBillion",
            [](Request& r) { r.mutable_sales(2)->set_units_sold(1000000001); },
            "sales[2].units_sold"},
        BadRecord{"SameStoreAndPeriodTwice",
                  [](Request& r) {
                    r.mutable_sales(2)->set_period(v1::SALES_PERIOD_BEFORE);
                  },
                  "sales[2]"}),
    [](const ::testing::TestParamInfo<BadRecord>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace nanoinfluence::kpi::testing
