#include "services/kpi/export/html_text.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace nanoinfluence::kpi {
namespace {

TEST(EscapeHtmlTest, EscapesEveryCharacterThatCanOpenMarkupOrCloseAQuote) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x" title='y'>&</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("plain text, é ★"), "plain text, é ★");
}

TEST(FormatCountTest, GroupsThousands) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatCount(-1234567), "-1,234,567");
  EXPECT_EQ(FormatCount(std::numeric_limits<int64_t>::min()),
            "-9,223,372,036,854,775,808");
}

TEST(FormatPercentTest, OneDecimalAndAnOptionalSign) {
  EXPECT_EQ(FormatPercent(0.253), "25.3%");
  EXPECT_EQ(FormatPercent(0), "0.0%");
  EXPECT_EQ(FormatPercent(1), "100.0%");
  EXPECT_EQ(FormatPercent(0.124, true), "+12.4%");
  EXPECT_EQ(FormatPercent(-0.05, true), "-5.0%");
  // Rounds to zero without a sign.
  EXPECT_EQ(FormatPercent(-0.0004, true), "0.0%");
  EXPECT_EQ(FormatPercent(std::nan("")), "n/a");
  EXPECT_EQ(FormatPercent(std::numeric_limits<double>::infinity(), true),
            "n/a");
}

TEST(FormatCompactTest, ShortensLargeFigures) {
  EXPECT_EQ(FormatCompact(0), "0");
  EXPECT_EQ(FormatCompact(950), "950");
  EXPECT_EQ(FormatCompact(12400), "12.4k");
  EXPECT_EQ(FormatCompact(12000), "12k");
  EXPECT_EQ(FormatCompact(528000), "528k");
  EXPECT_EQ(FormatCompact(999950), "1M");
  EXPECT_EQ(FormatCompact(2174000), "2.2M");
  EXPECT_EQ(FormatCompact(7e9), "7B");
  EXPECT_EQ(FormatCompact(1.5), "1.5");
  EXPECT_EQ(FormatCompact(2e19), "2e+19");
  EXPECT_EQ(FormatCompact(std::nan("")), "n/a");
}

TEST(FormatElapsedTest, PicksAReadableUnit) {
  EXPECT_EQ(FormatElapsed(120), "2 min");
  EXPECT_EQ(FormatElapsed(5.2 * 3600), "5.2 hours");
  EXPECT_EQ(FormatElapsed(3.4 * 86400), "3.4 days");
  EXPECT_EQ(FormatElapsed(-5), "0 min");
}

TEST(ShortenTest, CutsWholeCodePointsAndMarksTheCut) {
  EXPECT_EQ(Shorten("abcdef", 4), "abc…");
  EXPECT_EQ(Shorten("abcd", 4), "abcd");
  EXPECT_EQ(Shorten("ééééé", 3), "éé…");
  EXPECT_EQ(Shorten("ééé", 3), "ééé");
  EXPECT_EQ(Shorten("", 3), "");
}

}  // namespace
}  // namespace nanoinfluence::kpi
