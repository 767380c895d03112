#include "services/kpi/export/svg_charts.h"

#include <cmath>
#include <limits>
#include <regex>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/kpi/export/svg_checks.h"

namespace nanoinfluence::kpi::svg {
namespace {

using ::nanoinfluence::kpi::testing::BadGeometry;
using ::nanoinfluence::kpi::testing::Count;
using ::nanoinfluence::kpi::testing::HasNonFiniteText;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Largest x + width of the <rect> elements: bars must stay in the chart.
double RightmostRectEdge(const std::string& svg) {
  static const std::regex kRect(
      R"re(<rect x="([-0-9.]+)"[^>]* width="([-0-9.]+)")re");
  double right = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kRect);
       it != std::sregex_iterator(); ++it) {
    right = std::max(right, std::stod((*it)[1]) + std::stod((*it)[2]));
  }
  return right;
}

TEST(HorizontalBarsTest, HasItsIdAndTitleAndEscapesLabels) {
  const std::string svg = HorizontalBars(
      {.id = "chart-x", .title = "Bars & <more>"}, {{.label = "<b>one</b>",
                                                     .value = 3,
                                                     .value_text = "3",
                                                     .color = "#123"}});
  EXPECT_THAT(svg, HasSubstr("<svg id=\"chart-x\""));
  EXPECT_THAT(svg, HasSubstr("<title id=\"chart-x-title\">Bars &amp; "
                             "&lt;more&gt;</title>"));
  EXPECT_THAT(svg, HasSubstr("&lt;b&gt;one&lt;/b&gt;"));
  EXPECT_THAT(svg, Not(HasSubstr("<b>")));
}

TEST(HorizontalBarsTest, NonFiniteNegativeAndHugeValuesStayDrawable) {
  const std::string svg =
      HorizontalBars({.id = "chart-x", .title = "t"},
                     {{.label = "nan", .value = kNaN, .value_text = "a"},
                      {.label = "inf", .value = kInf, .value_text = "b"},
                      {.label = "neg", .value = -5, .value_text = "c"},
                      {.label = "huge", .value = 9.2e18, .value_text = "d"}});
  EXPECT_THAT(BadGeometry(svg), IsEmpty());
  EXPECT_LE(RightmostRectEdge(svg), 1000.0);
}

TEST(HorizontalBarsTest, AllZeroDrawsEmptyBars) {
  const std::string svg =
      HorizontalBars({.id = "chart-x", .title = "t"},
                     {{.label = "a", .value = 0, .value_text = "0"},
                      {.label = "b", .value = 0, .value_text = "0"}});
  EXPECT_THAT(BadGeometry(svg), IsEmpty());
  EXPECT_FALSE(HasNonFiniteText(svg));
}

TEST(StackedColumnsTest, NoColumnOrOnlyZerosShowsTheEmptyText) {
  const std::vector<Series> series = {{.name = "A", .color = "#111"}};
  EXPECT_THAT(StackedColumns({.id = "c", .title = "t"}, series, {}, "Nothing"),
              HasSubstr(">Nothing</text>"));
  const std::string zeros = StackedColumns(
      {.id = "c", .title = "t"}, series,
      {{.label = "d1", .values = {0}}, {.label = "d2", .values = {0}}},
      "Nothing");
  EXPECT_THAT(zeros, HasSubstr(">Nothing</text>"));
  EXPECT_THAT(BadGeometry(zeros), IsEmpty());
}

TEST(StackedColumnsTest, HugeAndNonFiniteValuesStayInThePlot) {
  const std::string svg = StackedColumns(
      {.id = "c", .title = "t"},
      {{.name = "A", .color = "#111"}, {.name = "B", .color = "#222"}},
      {{.label = "d1", .tooltip = "day 1", .values = {9e18, 9e18}},
       {.label = "d2", .tooltip = "day 2", .values = {kNaN, kInf}},
       {.label = "d3", .tooltip = "day 3", .values = {-1, 3}}},
      "Nothing");
  EXPECT_THAT(BadGeometry(svg), IsEmpty());
  EXPECT_FALSE(HasNonFiniteText(svg));
  EXPECT_LE(RightmostRectEdge(svg), 1000.0);
  EXPECT_THAT(svg, HasSubstr("<title>day 1: 9,000,000,000,000,000,000 A"));
}

TEST(StackedColumnsTest, LabelsAboutADozenColumnsWhateverTheirNumber) {
  std::vector<Column> columns(365, Column{.label = "L", .values = {1}});
  const std::string svg =
      StackedColumns({.id = "c", .title = "t"},
                     {{.name = "A", .color = "#111"}}, columns, "Nothing");
  EXPECT_LE(Count(svg, ">L</text>"), 13);
  EXPECT_GE(Count(svg, ">L</text>"), 10);
  EXPECT_EQ(Count(svg, "<rect"), 365 + 1);  // the legend's swatch
}

TEST(GroupedBarsTest, EachGroupHasItsOwnScaleAndZerosAreFine) {
  const std::string svg = GroupedBars(
      {.id = "g", .title = "t"},
      {{.name = "Nano", .color = "#1"}, {.name = "Macro", .color = "#2"}},
      {{.label = "Small", .values = {2, 1}},
       {.label = "Large", .values = {1e9, 4e9}},
       {.label = "None", .values = {0, 0}}});
  EXPECT_THAT(BadGeometry(svg), IsEmpty());
  EXPECT_FALSE(HasNonFiniteText(svg));
  // The largest bar of each non-empty group reaches the same height.
  static const std::regex kHeight(
      R"re(height="([0-9.]+)"[^>]*><title>[^<]*: (2|4,000,000,000)<)re");
  std::vector<std::string> heights;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kHeight);
       it != std::sregex_iterator(); ++it) {
    heights.push_back((*it)[1]);
  }
  ASSERT_EQ(heights.size(), 2u);
  EXPECT_EQ(heights[0], heights[1]);
  EXPECT_THAT(svg, HasSubstr(">4B</text>"));
}

TEST(IntervalChartTest, DrawsPointsIntervalsZeroLineAndNotes) {
  const std::string svg =
      IntervalChart({.id = "u", .title = "t"},
                    {{.label = "Up",
                      .has_estimate = true,
                      .point = 0.12,
                      .low = 0.04,
                      .high = 0.2},
                     {.label = "Refused <x>", .note = "Too few stores: 3 < 5"}},
                    "None");
  EXPECT_THAT(svg, HasSubstr("class=\"zero\""));
  EXPECT_THAT(svg, HasSubstr("<circle"));
  EXPECT_THAT(svg, HasSubstr(">+12.0%</text>"));
  EXPECT_THAT(svg, HasSubstr("95% CI +4.0% to +20.0%"));
  EXPECT_THAT(svg, HasSubstr("Too few stores: 3 &lt; 5"));
  EXPECT_THAT(svg, HasSubstr("Refused &lt;x&gt;"));
  // Wholly above zero: green.
  EXPECT_THAT(svg, HasSubstr("fill=\"#039855\""));
}

TEST(IntervalChartTest, NonFiniteFiguresStayOnTheAxis) {
  const std::string svg = IntervalChart(
      {.id = "u", .title = "t"},
      {{.label = "a",
        .has_estimate = true,
        .point = kNaN,
        .low = -kInf,
        .high = kInf},
       {.label = "b", .has_estimate = true, .point = 0, .low = 0, .high = 0}},
      "None");
  EXPECT_THAT(BadGeometry(svg), IsEmpty());
  EXPECT_FALSE(HasNonFiniteText(svg));
}

TEST(IntervalChartTest, NoRowShowsTheEmptyText) {
  EXPECT_THAT(IntervalChart({.id = "u", .title = "t"}, {}, "No study"),
              HasSubstr(">No study</text>"));
}

}  // namespace
}  // namespace nanoinfluence::kpi::svg
