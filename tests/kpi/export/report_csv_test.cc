#include "services/kpi/export/report_csv.h"

#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kpi/export/sample_report.h"
#include "tests/kpi/export/svg_checks.h"

namespace nanoinfluence::kpi {
namespace {

using ::nanoinfluence::kpi::testing::Count;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Records of an RFC 4180 text, parsed independently of the writer: quoted
// fields may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      ++i;
    } else {
      field += c;
    }
  }
  EXPECT_TRUE(field.empty() && record.empty()) << "no CRLF after last record";
  return records;
}

google::protobuf::Timestamp At(int64_t seconds) {
  google::protobuf::Timestamp stamp;
  stamp.set_seconds(seconds);
  return stamp;
}

// The smallest report that still has a figure in every kind of row.
ExportInput TinyReport() {
  ExportInput input;
  v1::CampaignReport& report = input.report;
  report.set_campaign_id("c1");
  report.set_brand_id("b1");
  report.set_sku("SKU-1");
  report.set_slots(10);
  report.set_state(v1::CAMPAIGN_STATE_OPEN);
  *report.mutable_open_time() = At(1706693400);   // 2024-01-31T09:30:00Z
  *report.mutable_as_of_time() = At(1706779800);  // 2024-02-01T09:30:00Z
  report.mutable_as_of_time()->set_nanos(500000000);
  report.set_events_applied(42);
  report.set_version(7);
  v1::ReportFigures& total = *report.mutable_total();
  v1::Funnel& funnel = *total.mutable_funnel();
  funnel.set_eligible(100);
  funnel.set_applied(20);
  funnel.set_selected(10);
  funnel.set_allocated(10);
  funnel.set_shipped(9);
  funnel.set_delivered(8);
  funnel.set_posted(4);
  funnel.set_completion_rate(0.5);
  funnel.mutable_median_time_to_post()->set_seconds(90000);
  funnel.set_time_to_post_samples(4);
  v1::UgcSummary& ugc = *total.mutable_ugc();
  v1::UgcCell& cell = *ugc.add_approved();
  cell.set_kind(common::v1::CONTENT_KIND_REVIEW);
  cell.set_platform(common::v1::PLATFORM_RETAILER_SITE);
  cell.set_approved(3);
  ugc.set_approved_total(3);
  ugc.set_pending_total(1);
  v1::ReasonCount& pending = *ugc.add_pending_reasons();
  pending.set_reason(common::v1::MODERATION_REASON_MISSING_DISCLOSURE);
  pending.set_items(1);
  ugc.set_approval_rate(0.75);
  v1::SkuRatings& ratings = *total.add_ratings();
  ratings.set_sku("SKU-1");
  ratings.set_ratings(3);
  ratings.set_average(13.0 / 3);
  ratings.mutable_distribution()->set_four_stars(2);
  ratings.mutable_distribution()->set_five_stars(1);
  v1::ConversionEstimate& conversion = *total.mutable_conversion();
  conversion.set_is_estimate(true);
  conversion.mutable_curve()->set_name("default");
  v1::ProductPageReviews& page = *conversion.add_pages();
  page.set_sku("SKU-1");
  page.set_platform(common::v1::PLATFORM_RETAILER_SITE);
  page.set_reviews(3);
  page.set_target_reviews(50);
  page.set_progress(0.06);
  page.set_estimated_conversion_uplift(0.018);
  v1::OnlineReach& online = *total.mutable_online();
  online.set_reach(1500);
  online.set_authors(1);
  online.set_posts(1);
  online.set_views(900);
  online.set_likes(40);
  online.set_comments(5);
  online.set_shares(5);
  online.set_engagements(50);
  online.set_engagement_rate(50.0 / 1500);
  v1::UpliftOutcome& study = *report.add_uplift_studies();
  study.mutable_study()->set_study_id("s1");
  study.mutable_study()->set_name("North");
  study.mutable_study()->set_exposed_stores(6);
  study.mutable_study()->set_control_stores(5);
  study.set_refusal(v1::UPLIFT_REFUSAL_EMPTY_PERIOD);
  study.set_refusal_detail("control before: 0 units");
  return input;
}

TEST(RenderCsvTest, TinyReportExactly) {
  const std::string expected =
      "section,tier,sku,platform,kind,reason,metric,value\r\n"
      "campaign,ALL,,,,,campaign_id,c1\r\n"
      "campaign,ALL,,,,,brand_id,b1\r\n"
      "campaign,ALL,,,,,sku,SKU-1\r\n"
      "campaign,ALL,,,,,state,CAMPAIGN_STATE_OPEN\r\n"
      "campaign,ALL,,,,,slots,10\r\n"
      "campaign,ALL,,,,,open_time,2024-01-31T09:30:00Z\r\n"
      "campaign,ALL,,,,,close_time,\r\n"
      "campaign,ALL,,,,,as_of_time,2024-02-01T09:30:00.5Z\r\n"
      "campaign,ALL,,,,,events_applied,42\r\n"
      "campaign,ALL,,,,,version,7\r\n"
      "funnel,ALL,,,,,eligible,100\r\n"
      "funnel,ALL,,,,,applied,20\r\n"
      "funnel,ALL,,,,,selected,10\r\n"
      "funnel,ALL,,,,,allocated,10\r\n"
      "funnel,ALL,,,,,shipped,9\r\n"
      "funnel,ALL,,,,,delivered,8\r\n"
      "funnel,ALL,,,,,posted,4\r\n"
      "funnel,ALL,,,,,completion_rate,0.5\r\n"
      "funnel,ALL,,,,,median_time_to_post_seconds,90000\r\n"
      "funnel,ALL,,,,,p90_time_to_post_seconds,\r\n"
      "funnel,ALL,,,,,time_to_post_samples,4\r\n"
      "ugc,ALL,,PLATFORM_RETAILER_SITE,CONTENT_KIND_REVIEW,,approved,3\r\n"
      "ugc,ALL,,,,,approved_total,3\r\n"
      "ugc,ALL,,,,,pending_total,1\r\n"
      "ugc,ALL,,,,,rejected_total,0\r\n"
      "ugc,ALL,,,,,approval_rate,0.75\r\n"
      "ugc_pending_reasons,ALL,,,,MODERATION_REASON_MISSING_DISCLOSURE,"
      "items,1\r\n"
      "ratings,ALL,SKU-1,,,,ratings,3\r\n"
      "ratings,ALL,SKU-1,,,,average,4.333333333333333\r\n"
      "ratings,ALL,SKU-1,,,,one_star,0\r\n"
      "ratings,ALL,SKU-1,,,,two_stars,0\r\n"
      "ratings,ALL,SKU-1,,,,three_stars,0\r\n"
      "ratings,ALL,SKU-1,,,,four_stars,2\r\n"
      "ratings,ALL,SKU-1,,,,five_stars,1\r\n"
      "conversion,ALL,,,,,estimate_curve,default\r\n"
      "conversion,ALL,SKU-1,PLATFORM_RETAILER_SITE,,,reviews,3\r\n"
      "conversion,ALL,SKU-1,PLATFORM_RETAILER_SITE,,,target_reviews,50\r\n"
      "conversion,ALL,SKU-1,PLATFORM_RETAILER_SITE,,,progress,0.06\r\n"
      "conversion,ALL,SKU-1,PLATFORM_RETAILER_SITE,,,"
      "estimated_conversion_uplift,0.018\r\n"
      "online,ALL,,,,,reach,1500\r\n"
      "online,ALL,,,,,authors,1\r\n"
      "online,ALL,,,,,posts,1\r\n"
      "online,ALL,,,,,views,900\r\n"
      "online,ALL,,,,,likes,40\r\n"
      "online,ALL,,,,,comments,5\r\n"
      "online,ALL,,,,,shares,5\r\n"
      "online,ALL,,,,,engagements,50\r\n"
      "online,ALL,,,,,engagement_rate,0.03333333333333333\r\n"
      "offline,ALL,,,,,people_told,0\r\n"
      "offline,ALL,,,,,declarations,0\r\n"
      "offline,ALL,,,,,declarants,0\r\n"
      "uplift,ALL,,,,,study/s1/name,North\r\n"
      "uplift,ALL,,,,,study/s1/exposed_stores,6\r\n"
      "uplift,ALL,,,,,study/s1/control_stores,5\r\n"
      "uplift,ALL,,,,UPLIFT_REFUSAL_EMPTY_PERIOD,study/s1/refusal,"
      "control before: 0 units\r\n";
  EXPECT_EQ(RenderCsv(TinyReport()), expected);
}

TEST(RenderCsvTest, EmptyReportStillHasTheHeaderAndTheCampaignRows) {
  const std::string csv = RenderCsv(ExportInput());
  EXPECT_TRUE(
      csv.starts_with("section,tier,sku,platform,kind,reason,metric,value\r\n"))
      << csv;
  EXPECT_THAT(csv, HasSubstr("campaign,ALL,,,,,state,CAMPAIGN_STATE_"
                             "UNSPECIFIED\r\n"));
  EXPECT_THAT(csv, HasSubstr("funnel,ALL,,,,,eligible,0\r\n"));
}

TEST(RenderCsvTest, QuotesFieldsWithCommasQuotesAndLineBreaks) {
  ExportInput input = TinyReport();
  input.report.mutable_total()->mutable_ratings(0)->set_sku(
      "Oat \"Barista\", 1L");
  input.report.mutable_uplift_studies(0)->mutable_study()->set_name(
      "North\r\nstores");
  const std::string csv = RenderCsv(input);
  EXPECT_THAT(csv, HasSubstr("\r\nratings,ALL,\"Oat \"\"Barista\"\", 1L\","
                             ",,,ratings,3\r\n"));
  EXPECT_THAT(csv, HasSubstr("\r\nuplift,ALL,,,,,study/s1/name,"
                             "\"North\r\nstores\"\r\n"));
  // An independent parser reads the same cells back, eight per record.
  const auto records = ParseCsv(csv);
  for (const auto& record : records) ASSERT_EQ(record.size(), 8u);
  EXPECT_THAT(records,
              Contains(ElementsAre("ratings", "ALL", "Oat \"Barista\", 1L", "",
                                   "", "", "average", "4.333333333333333")));
  EXPECT_THAT(records,
              Contains(ElementsAre("uplift", "ALL", "", "", "", "",
                                   "study/s1/name", "North\r\nstores")));
}

TEST(RenderCsvTest, EveryLineEndsWithCrLf) {
  const std::string csv = RenderCsv(testing::RealisticReport());
  EXPECT_TRUE(csv.ends_with("\r\n"));
  EXPECT_EQ(Count(csv, "\n"), Count(csv, "\r\n"));
  EXPECT_EQ(Count(csv, "\r"), Count(csv, "\r\n"));
}

TEST(RenderCsvTest, CampaignTotalAndEachTierHaveTheirRows) {
  const auto records = ParseCsv(RenderCsv(testing::RealisticReport()));
  for (const auto& record : records) ASSERT_EQ(record.size(), 8u);
  auto row = [](std::string tier, std::string metric, std::string value) {
    return ElementsAre("funnel", tier, "", "", "", "", metric, value);
  };
  EXPECT_THAT(records, Contains(row("ALL", "eligible", "4008")));
  EXPECT_THAT(records, Contains(row("TIER_NANO", "eligible", "2400")));
  EXPECT_THAT(records, Contains(row("TIER_MICRO", "eligible", "1320")));
  EXPECT_THAT(records, Contains(row("TIER_MACRO", "eligible", "288")));
  // Every section with rows whatever the figures appears for every scope
  // (reason sections list non-zero reasons only).
  for (const char* tier : {"ALL", "TIER_NANO", "TIER_MICRO", "TIER_MACRO"}) {
    for (const char* section :
         {"funnel", "ugc", "ratings", "conversion", "online", "offline"}) {
      EXPECT_THAT(records, Contains(::testing::AllOf(
                               ::testing::Contains(std::string(section)),
                               ::testing::Contains(std::string(tier)))))
          << section << " " << tier;
    }
  }
}

TEST(RenderCsvTest, EstimatesAndStudiesAreSpelledOut) {
  const std::string csv = RenderCsv(testing::RealisticReport());
  EXPECT_THAT(csv, HasSubstr("conversion,ALL,,,,,estimate_curve,default\r\n"));
  EXPECT_THAT(csv, HasSubstr("conversion,TIER_MACRO,VRD-OAT-1L,PLATFORM_"
                             "RETAILER_SITE,,,estimated_conversion_uplift,"));
  EXPECT_THAT(csv, HasSubstr("ugc,ALL,,PLATFORM_TIKTOK,CONTENT_KIND_SOCIAL_"
                             "POST,,approved,28\r\n"));
  EXPECT_THAT(csv, HasSubstr("ugc_rejected_reasons,TIER_NANO,,,,"
                             "MODERATION_REASON_OFF_TOPIC,items,4\r\n"));
  EXPECT_THAT(csv,
              HasSubstr("uplift,ALL,,,,,study/std-7f3a/uplift,0.124\r\n"
                        "uplift,ALL,,,,,study/std-7f3a/ci_low,0.041\r\n"
                        "uplift,ALL,,,,,study/std-7f3a/ci_high,0.213\r\n"));
  EXPECT_THAT(csv, HasSubstr("uplift,ALL,,,,,study/std-7f3a/usable_exposed_"
                             "stores,13\r\n"));
  EXPECT_THAT(csv, HasSubstr("uplift,ALL,,,,UPLIFT_REFUSAL_TOO_FEW_STORES,"
                             "study/std-91c2/refusal,\"UPLIFT_REFUSAL_TOO_FEW_"
                             "STORES: exposed area has 3 usable stores, the "
                             "study needs 5\"\r\n"));
  EXPECT_THAT(csv, Not(HasSubstr("study/std-91c2/uplift")));
}

TEST(RenderCsvTest, ValuesTheEnumDoesNotKnowKeepTheirNumber) {
  ExportInput input = TinyReport();
  v1::TierFigures& tier = *input.report.add_by_tier();
  tier.set_tier(static_cast<common::v1::Tier>(9));
  v1::UgcCell& cell = *tier.mutable_figures()->mutable_ugc()->add_approved();
  cell.set_kind(static_cast<common::v1::ContentKind>(77));
  cell.set_platform(common::v1::PLATFORM_APP);
  cell.set_approved(1);
  EXPECT_THAT(RenderCsv(input),
              HasSubstr("\r\nugc,9,,PLATFORM_APP,77,,approved,1\r\n"));
}

TEST(RenderCsvTest, FractionsRoundTripAndNonFiniteIsSpelled) {
  ExportInput input = TinyReport();
  v1::Funnel& funnel = *input.report.mutable_total()->mutable_funnel();
  funnel.set_completion_rate(0.1);
  input.report.mutable_total()->mutable_ugc()->set_approval_rate(-0.0);
  input.report.mutable_total()->mutable_online()->set_engagement_rate(1e-7);
  input.report.mutable_total()->mutable_ratings(0)->set_average(
      std::numeric_limits<double>::infinity());
  const std::string csv = RenderCsv(input);
  EXPECT_THAT(csv, HasSubstr(",completion_rate,0.1\r\n"));
  EXPECT_THAT(csv, HasSubstr(",approval_rate,0\r\n"));
  EXPECT_THAT(csv, HasSubstr(",engagement_rate,1e-07\r\n"));
  EXPECT_THAT(csv, HasSubstr(",average,inf\r\n"));
}

}  // namespace
}  // namespace nanoinfluence::kpi
