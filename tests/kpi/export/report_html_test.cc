#include "services/kpi/export/report_html.h"

#include <cstdint>
#include <limits>
#include <regex>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kpi/export/sample_report.h"
#include "tests/kpi/export/svg_checks.h"

namespace nanoinfluence::kpi {
namespace {

using ::nanoinfluence::kpi::testing::BadGeometry;
using ::nanoinfluence::kpi::testing::Count;
using ::nanoinfluence::kpi::testing::HasNonFiniteText;
using ::nanoinfluence::kpi::testing::RealisticReport;
using ::nanoinfluence::kpi::testing::SvgById;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kChartIds[] = {"chart-funnel", "chart-content-per-day",
                                     "chart-rating-distribution",
                                     "chart-tier-breakdown", "chart-uplift"};

// A report whose figures are all zero, as just after CampaignOpened: three
// tiers, a study with an all-zero result, no content.
ExportInput ZeroReport() {
  ExportInput input;
  input.report.set_campaign_id("c0");
  for (common::v1::Tier tier : {common::v1::TIER_NANO, common::v1::TIER_MICRO,
                                common::v1::TIER_MACRO}) {
    input.report.add_by_tier()->set_tier(tier);
  }
  input.report.add_uplift_studies()->mutable_result();
  input.report.mutable_total()->add_ratings()->set_sku("S");
  v1::ProductPageReviews& page =
      *input.report.mutable_total()->mutable_conversion()->add_pages();
  page.set_sku("S");
  return input;
}

TEST(RenderHtmlTest, IsOneUtf8PageWithEveryChartAsTitledSvg) {
  const std::string html = RenderHtml(RealisticReport());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n")) << html.substr(0, 40);
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("</html>"));
  for (const char* id : kChartIds) {
    const std::string svg = SvgById(html, id);
    ASSERT_FALSE(svg.empty()) << id;
    EXPECT_THAT(svg, HasSubstr(std::string("<title id=\"") + id + "-title\">"))
        << id;
    EXPECT_EQ(Count(html, std::string("id=\"") + id + "\""), 1) << id;
  }
  EXPECT_THAT(BadGeometry(html), IsEmpty());
  EXPECT_FALSE(HasNonFiniteText(html));
}

TEST(RenderHtmlTest, HeaderShowsTheCampaignFacts) {
  const std::string html = RenderHtml(RealisticReport());
  EXPECT_THAT(html, HasSubstr("cmp-2024-spring-oat"));
  EXPECT_THAT(html, HasSubstr("brand-verdant"));
  EXPECT_THAT(html, HasSubstr("VRD-OAT-1L"));
  EXPECT_THAT(html, HasSubstr(">Open</span>"));
  EXPECT_THAT(html, HasSubstr("4 Mar 2024, 08:00 UTC"));  // opened
  EXPECT_THAT(html, HasSubstr("3 Apr 2024, 13:37 UTC"));  // as of
  EXPECT_THAT(html, HasSubstr("18,342"));                 // events applied
  EXPECT_THAT(html, HasSubstr("Not closed"));
}

TEST(RenderHtmlTest, AllZeroReportHasNoNonFiniteNumber) {
  const std::string html = RenderHtml(ZeroReport());
  EXPECT_FALSE(HasNonFiniteText(html));
  EXPECT_THAT(BadGeometry(html), IsEmpty());
  for (const char* id : kChartIds) {
    EXPECT_FALSE(SvgById(html, id).empty()) << id;
  }
  EXPECT_THAT(SvgById(html, "chart-content-per-day"),
              HasSubstr(">No content yet</text>"));
}

TEST(RenderHtmlTest, EmptyInputStillRenders) {
  const std::string html = RenderHtml(ExportInput());
  EXPECT_FALSE(HasNonFiniteText(html));
  EXPECT_THAT(BadGeometry(html), IsEmpty());
  for (const char* id : kChartIds) {
    EXPECT_FALSE(SvgById(html, id).empty()) << id;
  }
  EXPECT_THAT(SvgById(html, "chart-uplift"),
              HasSubstr(">No sales-uplift study yet</text>"));
}

TEST(RenderHtmlTest, LargeNumbersStayInsideTheCharts) {
  ExportInput input = RealisticReport();
  constexpr int64_t kHuge = std::numeric_limits<int64_t>::max() / 4;
  input.report.mutable_total()->mutable_funnel()->set_eligible(kHuge);
  input.report.mutable_by_tier(2)
      ->mutable_figures()
      ->mutable_online()
      ->set_reach(kHuge);
  input.content_per_day[3].approved = kHuge;
  input.report.mutable_uplift_studies(0)->mutable_result()->set_ci_high(1e300);
  const std::string html = RenderHtml(input);
  EXPECT_FALSE(HasNonFiniteText(html));
  EXPECT_THAT(BadGeometry(html), IsEmpty());
  EXPECT_THAT(html, HasSubstr("2,305,843,009,213,693,951"));
}

TEST(RenderHtmlTest, HostileTextAppearsOnlyEscaped) {
  const std::string hostile = "\"'><script>alert(1)</script>";
  const std::string escaped =
      "&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;";
  ExportInput input = RealisticReport();
  v1::CampaignReport& report = input.report;
  report.set_campaign_id(hostile);
  report.set_brand_id(hostile);
  report.set_sku(hostile);
  report.mutable_total()->mutable_ratings(0)->set_sku(hostile);
  report.mutable_total()->mutable_conversion()->mutable_pages(0)->set_sku(
      hostile);
  report.mutable_total()->mutable_conversion()->mutable_curve()->set_name(
      hostile);
  report.mutable_uplift_studies(0)->mutable_study()->set_name(hostile);
  report.mutable_uplift_studies(1)->set_refusal_detail(hostile);
  const std::string html = RenderHtml(input);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("alert(1)</script>")));
  EXPECT_THAT(html, Not(HasSubstr("\"'>")));
  // Page title, masthead (3), ratings, pages, curve (notice and column),
  // study in the chart (label and tooltips) and table, refusal in both.
  EXPECT_GE(Count(html, escaped), 10);
  EXPECT_THAT(SvgById(html, "chart-uplift"), HasSubstr(escaped));
}

TEST(RenderHtmlTest, TheMastheadNamesTheCampaignBrandAndProduct) {
  ExportInput input = RealisticReport();
  input.report.set_campaign_name("Taste & tell: oat bars");
  input.report.set_brand_name("Verdant <Foods>");
  input.report.set_product_name("Oat bar 40 g");
  const std::string html = RenderHtml(input);
  EXPECT_THAT(html, HasSubstr("<h1>Taste &amp; tell: oat bars"));
  EXPECT_THAT(html, HasSubstr("Verdant &lt;Foods&gt;<br><code>brand-verdant"));
  EXPECT_THAT(html, HasSubstr("Oat bar 40 g<br><code>VRD-OAT-1L"));
  // Without names (campaigns opened before events carried them), the SKU.
  EXPECT_THAT(RenderHtml(RealisticReport()),
              HasSubstr("<h1>Product test of VRD-OAT-1L"));
}

TEST(RenderHtmlTest, LoadsNothingAndRunsNothing) {
  const std::string html = RenderHtml(RealisticReport());
  static const std::regex kForbidden(
      R"re(<script|<link|<img|<iframe|<object|<embed|<image|<use|<foreignObject|\ssrc=|\shref=|xlink:|url\(|@import|https?://|\son[a-z]+=)re",
      std::regex::icase);
  std::smatch found;
  EXPECT_FALSE(std::regex_search(html, found, kForbidden)) << found.str();
}

TEST(RenderHtmlTest, ConversionUpliftIsLabelledAsAnEstimateWithItsCurve) {
  ExportInput input = RealisticReport();
  input.report.mutable_total()->mutable_conversion()->mutable_curve()->set_name(
      "Retail panel 2023");
  const std::string html = RenderHtml(input);
  EXPECT_THAT(html, HasSubstr("<span class=\"tag\">Estimate</span>"));
  EXPECT_THAT(html, HasSubstr("Estimated, not measured."));
  EXPECT_THAT(html, HasSubstr("conversion curve “Retail panel 2023”"));
  EXPECT_THAT(html, HasSubstr("Estimated conversion uplift"));
  EXPECT_GE(Count(html, "curve “Retail panel 2023”"), 2);
  // Each page's uplift carries the mark.
  EXPECT_EQ(Count(html, "<span class=\"tag small\">est.</span>"),
            input.report.total().conversion().pages_size());
}

TEST(RenderHtmlTest, UpliftChartShowsResultsAndRefusals) {
  const std::string svg =
      SvgById(RenderHtml(RealisticReport()), "chart-uplift");
  EXPECT_THAT(svg, HasSubstr("Paris hypermarkets"));
  EXPECT_THAT(svg, HasSubstr(">+12.4%</text>"));
  EXPECT_THAT(svg, HasSubstr("95% CI +4.1% to +21.3%"));
  EXPECT_THAT(svg, HasSubstr("class=\"zero\""));
  EXPECT_THAT(svg, HasSubstr("Lyon convenience stores"));
  EXPECT_THAT(svg, HasSubstr("No result. Too few stores: exposed area has 3 "
                             "usable stores, the study needs 5"));
  EXPECT_EQ(Count(svg, "<circle"), 1);
}

TEST(RenderHtmlTest, ContentPerDayFillsMissingDays) {
  ExportInput input;
  for (int day : {1, 4}) {
    ContentDay content;
    content.day.set_year(2024);
    content.day.set_month(3);
    content.day.set_day(day);
    content.approved = 2;
    input.content_per_day.push_back(content);
  }
  const std::string svg = SvgById(RenderHtml(input), "chart-content-per-day");
  for (const char* label : {">1 Mar<", ">2 Mar<", ">3 Mar<", ">4 Mar<"}) {
    EXPECT_THAT(svg, HasSubstr(label));
  }
  EXPECT_THAT(svg, HasSubstr("<title>4 Mar 2024: 2 Approved</title>"));
  EXPECT_THAT(svg, Not(HasSubstr("No content yet")));
}

TEST(RenderHtmlTest, TierBreakdownHasEveryTier) {
  const std::string svg =
      SvgById(RenderHtml(RealisticReport()), "chart-tier-breakdown");
  for (const char* tier : {">Nano<", ">Micro<", ">Macro<"}) {
    EXPECT_THAT(svg, HasSubstr(tier));
  }
  EXPECT_THAT(svg, HasSubstr("<title>Testers, Micro: 68</title>"));
}

TEST(RenderHtmlTest, RatingDistributionAddsUpEverySku) {
  const std::string svg =
      SvgById(RenderHtml(RealisticReport()), "chart-rating-distribution");
  // 5 stars: 31 + 14 + 6 (nano) + their micro and macro shares = 86.
  EXPECT_THAT(svg, HasSubstr("<title>5 stars: 86  (49.4%)</title>"));
}

}  // namespace
}  // namespace nanoinfluence::kpi
