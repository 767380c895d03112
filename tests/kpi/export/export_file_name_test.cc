#include "services/kpi/export/export_file_name.h"

#include "gtest/gtest.h"

namespace nanoinfluence::kpi {
namespace {

v1::CampaignReport ReportAsOf(const std::string& campaign_id, int64_t seconds) {
  v1::CampaignReport report;
  report.set_campaign_id(campaign_id);
  report.mutable_as_of_time()->set_seconds(seconds);
  return report;
}

TEST(ExportFileNameTest, NamesTheCampaignAndTheUtcDayOfTheFigures) {
  // 2024-01-31T23:59:59Z: already 1 February east of UTC, still January here.
  const v1::CampaignReport report = ReportAsOf("cmp-1", 1706745599);
  EXPECT_EQ(ExportFileName(report, v1::EXPORT_FORMAT_CSV),
            "report-cmp-1-20240131.csv");
  EXPECT_EQ(ExportFileName(report, v1::EXPORT_FORMAT_HTML),
            "report-cmp-1-20240131.html");
}

TEST(ExportFileNameTest, ReplacesCharactersThatCouldEscapeTheName) {
  const v1::CampaignReport report =
      ReportAsOf("../x y/\"z\";\r\nSet-Cookie", 1706745599);
  EXPECT_EQ(ExportFileName(report, v1::EXPORT_FORMAT_CSV),
            "report-.._x_y__z____Set-Cookie-20240131.csv");
}

TEST(ExportFileNameTest, UnsetTimeAndIdStillGiveAName) {
  EXPECT_EQ(ExportFileName(v1::CampaignReport(), v1::EXPORT_FORMAT_HTML),
            "report-campaign-19700101.html");
}

TEST(ExportFileNameTest, UnspecifiedFormatHasNoExtension) {
  EXPECT_EQ(ExportFileName(ReportAsOf("c", 0), v1::EXPORT_FORMAT_UNSPECIFIED),
            "report-c-19700101");
}

}  // namespace
}  // namespace nanoinfluence::kpi
