// ListUpliftStudies: tenancy of brands and ops, filters, bad input and
// paging oldest first.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kpi/studies/studies_fixture.h"

namespace nanoinfluence::kpi::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

v1::ListUpliftStudiesRequest ListRequest(const std::string& campaign_id,
                                         const std::string& brand_id,
                                         int page_size = 0,
                                         const std::string& token = "") {
  v1::ListUpliftStudiesRequest request;
  request.set_campaign_id(campaign_id);
  request.set_brand_id(brand_id);
  request.mutable_page()->set_page_size(page_size);
  request.mutable_page()->set_page_token(token);
  return request;
}

class ListStudiesTest : public StudiesTest {
 protected:
  void SetUp() override {
    StudiesTest::SetUp();
    MustCreate("a1", kCampaignA, "A one");
    MustCreate("a2", kCampaignA2, "A two");
    MustCreate("a3", kCampaignA, "A three");
    MustCreate("b1", kCampaignB, "B one");
  }

  // The names listed, or the error's code and message.
  std::vector<std::string> Names(const auth::Caller& caller,
                                 const v1::ListUpliftStudiesRequest& request) {
    v1::ListUpliftStudiesResponse response;
    const absl::Status status = studies_->List(caller, request, &response);
    if (!status.ok()) {
      return {absl::StrCat("error ", absl::StatusCodeToString(status.code()),
                           " ", status.message())};
    }
    std::vector<std::string> names;
    for (const v1::UpliftStudy& study : response.studies()) {
      names.push_back(study.name());
    }
    return names;
  }

  absl::Status ListStatus(const auth::Caller& caller,
                          const v1::ListUpliftStudiesRequest& request) {
    v1::ListUpliftStudiesResponse response;
    return studies_->List(caller, request, &response);
  }
};

TEST_F(ListStudiesTest, ABrandSeesItsOwnStudiesOnly) {
  EXPECT_THAT(Names(BrandA(), ListRequest("", "")),
              ElementsAre("A one", "A two", "A three"));
  EXPECT_THAT(Names(BrandA(), ListRequest("", kBrandA)),
              ElementsAre("A one", "A two", "A three"));
  EXPECT_THAT(Names(BrandA(), ListRequest(kCampaignA, "")),
              ElementsAre("A one", "A three"));
  EXPECT_THAT(Names(BrandB(), ListRequest("", "")), ElementsAre("B one"));

  // Another brand's campaign is NOT_FOUND like a missing one; naming another
  // brand is PERMISSION_DENIED.
  const absl::Status foreign =
      ListStatus(BrandB(), ListRequest(kCampaignA, ""));
  EXPECT_EQ(foreign.code(), absl::StatusCode::kNotFound) << foreign;
  EXPECT_EQ(foreign.message(),
            absl::StrCat("campaign \"", kCampaignA, "\": not found"));
  EXPECT_EQ(ListStatus(BrandB(), ListRequest(kMissingId, "")).code(),
            absl::StatusCode::kNotFound);
  const absl::Status smuggled = ListStatus(BrandB(), ListRequest("", kBrandA));
  EXPECT_EQ(smuggled.code(), absl::StatusCode::kPermissionDenied) << smuggled;
}

TEST_F(StudiesTest, ListOfABrandWithoutStudiesIsEmptyNotNotFound) {
  MustCreate("a1", kCampaignA, "A one");
  v1::ListUpliftStudiesResponse response;
  const absl::Status status =
      studies_->List(BrandB(), ListRequest("", ""), &response);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(response.studies(), IsEmpty());
  EXPECT_EQ(response.page().next_page_token(), "");
  // Its own campaign without studies: empty as well.
  response.Clear();
  ASSERT_TRUE(
      studies_->List(BrandB(), ListRequest(kCampaignB, ""), &response).ok());
  EXPECT_THAT(response.studies(), IsEmpty());
}

TEST_F(ListStudiesTest, OpsNamesABrandOrACampaign) {
  EXPECT_THAT(Names(Ops(), ListRequest("", kBrandA)),
              ElementsAre("A one", "A two", "A three"));
  EXPECT_THAT(Names(Ops(), ListRequest("", kBrandB)), ElementsAre("B one"));
  EXPECT_THAT(Names(Ops(), ListRequest(kCampaignB, "")), ElementsAre("B one"));
  EXPECT_THAT(Names(Ops(), ListRequest(kCampaignA2, kBrandA)),
              ElementsAre("A two"));
  // A campaign of another brand than the one named: nothing matches both.
  EXPECT_THAT(Names(Ops(), ListRequest(kCampaignB, kBrandA)), IsEmpty());

  const absl::Status neither = ListStatus(Ops(), ListRequest("", ""));
  EXPECT_EQ(neither.code(), absl::StatusCode::kInvalidArgument) << neither;
  EXPECT_THAT(std::string(neither.message()), StartsWith("brand_id: "));
  EXPECT_EQ(ListStatus(Ops(), ListRequest(kUnopenedA, "")).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ListStatus(Ops(), ListRequest(kMissingId, "")).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ListStudiesTest, ChecksEveryField) {
  const std::vector<std::pair<v1::ListUpliftStudiesRequest, std::string>> bad =
      {{ListRequest("not-a-uuid", ""), "campaign_id"},
       {ListRequest("", "not a brand id"), "brand_id"},
       {ListRequest("", kBrandA, -1), "page.page_size"},
       {ListRequest("", kBrandA, 0, "forged"), "page.page_token"}};
  for (const auto& [request, field] : bad) {
    SCOPED_TRACE(request.ShortDebugString());
    const absl::Status status = ListStatus(Ops(), request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_THAT(std::string(status.message()), StartsWith(field + ": "));
  }
}

TEST_F(ListStudiesTest, PagesOldestFirstWithoutGapsOrRepeats) {
  for (int i = 4; i <= 6; ++i) {
    MustCreate(absl::StrCat("a", i), kCampaignA2, absl::StrCat("A ", i));
  }
  std::vector<std::string> names;
  std::vector<int> page_sizes;
  std::string token;
  do {
    v1::ListUpliftStudiesResponse response;
    const absl::Status status =
        studies_->List(BrandA(), ListRequest("", "", 2, token), &response);
    ASSERT_TRUE(status.ok()) << status;
    page_sizes.push_back(response.studies_size());
    for (const v1::UpliftStudy& study : response.studies()) {
      names.push_back(study.name());
    }
    token = response.page().next_page_token();
  } while (!token.empty() && page_sizes.size() < 10);
  EXPECT_THAT(names,
              ElementsAre("A one", "A two", "A three", "A 4", "A 5", "A 6"));
  EXPECT_THAT(page_sizes, ElementsAre(2, 2, 2));

  // A token is bound to its filters.
  v1::ListUpliftStudiesResponse first;
  ASSERT_TRUE(studies_->List(BrandA(), ListRequest("", "", 2), &first).ok());
  ASSERT_FALSE(first.page().next_page_token().empty());
  const absl::Status reused = ListStatus(
      BrandA(), ListRequest(kCampaignA, "", 2, first.page().next_page_token()));
  EXPECT_EQ(reused.code(), absl::StatusCode::kInvalidArgument) << reused;
  EXPECT_THAT(std::string(reused.message()), StartsWith("page.page_token: "));
}

}  // namespace
}  // namespace nanoinfluence::kpi::testing
