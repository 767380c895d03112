// GetUpliftResult and the campaign report's outcomes: a data set small
// enough to check by hand, reproducibility by seed, refusals, bad input and
// tenancy.
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kpi/studies/studies_fixture.h"

namespace nanoinfluence::kpi::testing {
namespace {

using ::testing::Not;
using ::testing::StartsWith;

constexpr v1::StoreArea kExposed = v1::STORE_AREA_EXPOSED;
constexpr v1::StoreArea kControl = v1::STORE_AREA_CONTROL;

v1::GetUpliftResultRequest ResultRequest(const std::string& study_id,
                                         uint64_t seed, int iterations) {
  v1::GetUpliftResultRequest request;
  request.set_study_id(study_id);
  request.set_seed(seed);
  request.set_iterations(iterations);
  return request;
}

void ExpectSameFigures(const v1::UpliftResult& a, const v1::UpliftResult& b) {
  // Exact on purpose: the contract promises the same bits.
  EXPECT_EQ(a.uplift(), b.uplift());
  EXPECT_EQ(a.ci_low(), b.ci_low());
  EXPECT_EQ(a.ci_high(), b.ci_high());
  EXPECT_EQ(a.seed(), b.seed());
  EXPECT_EQ(a.iterations(), b.iterations());
  EXPECT_EQ(a.discarded_resamples(), b.discarded_resamples());
  EXPECT_EQ(a.exposed_ratio(), b.exposed_ratio());
  EXPECT_EQ(a.control_ratio(), b.control_ratio());
}

class StudiesResultTest : public StudiesTest {
 protected:
  // Exposed e1 100 -> 120 and e2 200 -> 260 (e3 has BEFORE only); control
  // c1 100 -> 110 and c2 100 -> 100. So E = 300 -> 380, C = 200 -> 210 and
  //   uplift = (380 / 300) / (210 / 200) - 1 = 76000 / 63000 - 1 = 13 / 63.
  v1::UpliftStudy HandStudy(const std::string& campaign_id,
                            const std::string& name) {
    const v1::UpliftStudy study =
        MustCreate(absl::StrCat("create-", name), campaign_id, name);
    v1::RecordStoreSalesRequest request =
        SalesRequest(absl::StrCat("sales-", name), study.study_id(), {});
    AddStore(request, "e1", kExposed, 100, 120);
    AddStore(request, "e2", kExposed, 200, 260);
    *request.add_sales() = Sale("e3", kExposed, v1::SALES_PERIOD_BEFORE, 500);
    AddStore(request, "c1", kControl, 100, 110);
    AddStore(request, "c2", kControl, 100, 100);
    MustRecord(request);
    return study;
  }

  absl::StatusOr<v1::UpliftResult> Get(const auth::Caller& caller,
                                       const v1::GetUpliftResultRequest& r) {
    v1::UpliftResult result;
    const absl::Status status = studies_->GetResult(caller, r, &result);
    if (!status.ok()) return status;
    return result;
  }
};

TEST_F(StudiesResultTest, GivesTheHandComputedDifferenceInDifferences) {
  const v1::UpliftStudy study = HandStudy(kCampaignA, "hand");
  auto result = Get(Ops(), ResultRequest(study.study_id(), 7, 1000));
  ASSERT_TRUE(result.ok()) << result.status();

  EXPECT_EQ(result->study_id(), study.study_id());
  EXPECT_EQ(result->campaign_id(), kCampaignA);
  EXPECT_NEAR(result->uplift(), 13.0 / 63.0, 1e-12);
  EXPECT_NEAR(result->exposed_ratio(), 380.0 / 300.0, 1e-12);
  EXPECT_NEAR(result->control_ratio(), 210.0 / 200.0, 1e-12);
  EXPECT_EQ(result->confidence(), 0.95);
  EXPECT_EQ(result->seed(), 7u);
  EXPECT_EQ(result->iterations(), 1000);
  // Every store sold something in both periods: no resample is discarded.
  EXPECT_EQ(result->discarded_resamples(), 0);
  EXPECT_EQ(result->excluded_stores(), 1);  // e3
  ASSERT_EQ(result->totals_size(), 4);
  const std::vector<std::tuple<v1::StoreArea, v1::SalesPeriod, int64_t>>
      expected = {{kExposed, v1::SALES_PERIOD_BEFORE, 300},
                  {kExposed, v1::SALES_PERIOD_DURING, 380},
                  {kControl, v1::SALES_PERIOD_BEFORE, 200},
                  {kControl, v1::SALES_PERIOD_DURING, 210}};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(result->totals(i).area(), std::get<0>(expected[i]));
    EXPECT_EQ(result->totals(i).period(), std::get<1>(expected[i]));
    EXPECT_EQ(result->totals(i).units_sold(), std::get<2>(expected[i]));
    EXPECT_EQ(result->totals(i).stores(), 2);
  }
  // The resamples range from {e1, e1} against {c1, c1}, (240 / 200) /
  // (220 / 200) - 1, to {e2, e2} against {c2, c2}, (520 / 400) / 1 - 1; each
  // of those has a 1-in-16 chance, far above the 2.5% tails.
  EXPECT_NEAR(result->ci_low(), 1.2 / 1.1 - 1.0, 1e-12);
  EXPECT_NEAR(result->ci_high(), 0.3, 1e-12);
  EXPECT_TRUE(result->has_compute_time());
}

TEST_F(StudiesResultTest, IsReproducibleForASeed) {
  const v1::UpliftStudy study = HandStudy(kCampaignA, "hand");
  auto first = Get(Ops(), ResultRequest(study.study_id(), 7, 1000));
  auto again = Get(BrandA(), ResultRequest(study.study_id(), 7, 1000));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(again.ok()) << again.status();
  ExpectSameFigures(*first, *again);

  // Seed 0 and iterations 0: the study's default seed and 10,000.
  auto by_default = Get(Ops(), ResultRequest(study.study_id(), 0, 0));
  auto explicit_default =
      Get(Ops(), ResultRequest(study.study_id(), 42, 10000));
  ASSERT_TRUE(by_default.ok()) << by_default.status();
  ASSERT_TRUE(explicit_default.ok()) << explicit_default.status();
  EXPECT_EQ(by_default->seed(), study.default_seed());
  EXPECT_EQ(by_default->iterations(), 10000);
  ExpectSameFigures(*by_default, *explicit_default);
}

TEST_F(StudiesResultTest, FollowsTheLatestSales) {
  const v1::UpliftStudy study = HandStudy(kCampaignA, "hand");
  // c2 DURING corrected from 100 to 190: C = 200 -> 300, so
  // uplift = (380 / 300) / (300 / 200) - 1 = 76 / 90 - 1 = -7 / 45.
  MustRecord(
      SalesRequest("fix", study.study_id(),
                   {Sale("c2", kControl, v1::SALES_PERIOD_DURING, 190)}));
  auto result = Get(Ops(), ResultRequest(study.study_id(), 0, 1000));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_NEAR(result->uplift(), -7.0 / 45.0, 1e-12);
}

TEST_F(StudiesResultTest, RefusesTooFewStores) {
  const v1::UpliftStudy study = MustCreate("c1", kCampaignA, "thin");
  auto empty = Get(Ops(), ResultRequest(study.study_id(), 0, 0));
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(empty.status().message()),
              StartsWith("UPLIFT_REFUSAL_TOO_FEW_STORES: "));

  // Two control stores but one usable exposed store (e2 lacks DURING).
  v1::RecordStoreSalesRequest request =
      SalesRequest("s1", study.study_id(), {});
  AddStore(request, "e1", kExposed, 100, 120);
  *request.add_sales() = Sale("e2", kExposed, v1::SALES_PERIOD_BEFORE, 90);
  AddStore(request, "c1", kControl, 100, 110);
  AddStore(request, "c2", kControl, 100, 100);
  MustRecord(request);
  auto thin = Get(Ops(), ResultRequest(study.study_id(), 0, 0));
  EXPECT_EQ(thin.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(thin.status().message()),
              StartsWith("UPLIFT_REFUSAL_TOO_FEW_STORES: exposed 1"));
}

TEST_F(StudiesResultTest, RefusesAnEmptyPeriod) {
  const v1::UpliftStudy study = MustCreate("c1", kCampaignA, "zero");
  v1::RecordStoreSalesRequest request =
      SalesRequest("s1", study.study_id(), {});
  AddStore(request, "e1", kExposed, 100, 120);
  AddStore(request, "e2", kExposed, 200, 260);
  AddStore(request, "c1", kControl, 100, 0);
  AddStore(request, "c2", kControl, 100, 0);
  MustRecord(request);
  auto result = Get(Ops(), ResultRequest(study.study_id(), 0, 0));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(result.status().message()),
              StartsWith("UPLIFT_REFUSAL_EMPTY_PERIOD: "));
}

TEST_F(StudiesResultTest, ChecksEveryField) {
  const v1::UpliftStudy study = HandStudy(kCampaignA, "hand");
  const std::vector<std::pair<v1::GetUpliftResultRequest, std::string>> bad = {
      {ResultRequest("", 0, 0), "study_id"},
      {ResultRequest("study-1", 0, 0), "study_id"},
      {ResultRequest(study.study_id(), 0, 999), "iterations"},
      {ResultRequest(study.study_id(), 0, 100001), "iterations"},
      {ResultRequest(study.study_id(), 0, -1), "iterations"},
  };
  for (const auto& [request, field] : bad) {
    SCOPED_TRACE(request.ShortDebugString());
    auto result = Get(Ops(), request);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(result.status().message()),
                StartsWith(field + ": "));
  }
  EXPECT_TRUE(Get(Ops(), ResultRequest(study.study_id(), 0, 1000)).ok());
  EXPECT_TRUE(Get(Ops(), ResultRequest(study.study_id(), 0, 100000)).ok());
}

TEST_F(StudiesResultTest, Tenancy) {
  const v1::UpliftStudy study = HandStudy(kCampaignA, "hand");
  auto foreign = Get(BrandB(), ResultRequest(study.study_id(), 0, 0));
  auto missing = Get(BrandB(), ResultRequest(kMissingId, 0, 0));
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(foreign.status().message(),
            absl::StrCat("study \"", study.study_id(), "\": not found"));
  EXPECT_TRUE(Get(BrandA(), ResultRequest(study.study_id(), 0, 0)).ok());
  EXPECT_TRUE(Get(Ops(), ResultRequest(study.study_id(), 0, 0)).ok());
}

TEST_F(StudiesResultTest, OutcomesGiveEachStudyOfTheCampaignOldestFirst) {
  const v1::UpliftStudy hand = HandStudy(kCampaignA, "hand");
  const v1::UpliftStudy thin = MustCreate("c-thin", kCampaignA, "thin");
  const v1::UpliftStudy zero = MustCreate("c-zero", kCampaignA, "zero");
  v1::RecordStoreSalesRequest request =
      SalesRequest("s-zero", zero.study_id(), {});
  AddStore(request, "e1", kExposed, 0, 10);
  AddStore(request, "e2", kExposed, 0, 20);
  AddStore(request, "c1", kControl, 5, 10);
  AddStore(request, "c2", kControl, 5, 10);
  MustRecord(request);
  HandStudy(kCampaignA2, "elsewhere");  // another campaign: left out

  std::vector<v1::UpliftOutcome> outcomes;
  ASSERT_TRUE(db_->Transact(sql::TxMode::kRead,
                            [&](sql::Connection& tx) {
                              auto got =
                                  UpliftStudies::OutcomesOf(tx, kCampaignA);
                              if (!got.ok()) return got.status();
                              outcomes = std::move(*got);
                              return absl::OkStatus();
                            })
                  .ok());
  ASSERT_EQ(outcomes.size(), 3u);

  EXPECT_EQ(outcomes[0].study().study_id(), hand.study_id());
  EXPECT_EQ(outcomes[0].study().exposed_stores(), 3);
  ASSERT_TRUE(outcomes[0].has_result());
  EXPECT_EQ(outcomes[0].refusal_detail(), "");
  // The study's default seed and 10,000 iterations: GetUpliftResult's
  // defaults give the same figures.
  auto defaults = Get(Ops(), ResultRequest(hand.study_id(), 0, 0));
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  ExpectSameFigures(outcomes[0].result(), *defaults);
  EXPECT_NEAR(outcomes[0].result().uplift(), 13.0 / 63.0, 1e-12);

  EXPECT_EQ(outcomes[1].study().study_id(), thin.study_id());
  EXPECT_EQ(outcomes[1].refusal(), v1::UPLIFT_REFUSAL_TOO_FEW_STORES);
  EXPECT_FALSE(outcomes[1].has_result());
  EXPECT_THAT(outcomes[1].refusal_detail(), StartsWith("exposed 0"));

  EXPECT_EQ(outcomes[2].study().study_id(), zero.study_id());
  EXPECT_EQ(outcomes[2].refusal(), v1::UPLIFT_REFUSAL_EMPTY_PERIOD);
  EXPECT_THAT(outcomes[2].refusal_detail(), StartsWith("E_before 0"));
  EXPECT_THAT(outcomes[2].refusal_detail(), Not(StartsWith("UPLIFT")));

  // A campaign without studies has no outcome.
  ASSERT_TRUE(db_->Transact(sql::TxMode::kRead,
                            [&](sql::Connection& tx) {
                              auto got =
                                  UpliftStudies::OutcomesOf(tx, kCampaignB);
                              if (!got.ok()) return got.status();
                              EXPECT_TRUE(got->empty());
                              return absl::OkStatus();
                            })
                  .ok());
}

}  // namespace
}  // namespace nanoinfluence::kpi::testing
