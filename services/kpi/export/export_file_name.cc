#include "services/kpi/export/export_file_name.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/kpi/export/report_time.h"

namespace nanoinfluence::kpi {
namespace {

std::string SafeFileNamePart(const std::string& id) {
  if (id.empty()) return "campaign";
  std::string safe = id;
  for (char& c : safe) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '_' && c != '-') {
      c = '_';
    }
  }
  return safe;
}

}  // namespace

std::string ExportFileName(const v1::CampaignReport& report,
                           v1::ExportFormat format) {
  absl::string_view extension;
  switch (format) {
    case v1::EXPORT_FORMAT_CSV:
      extension = ".csv";
      break;
    case v1::EXPORT_FORMAT_HTML:
      extension = ".html";
      break;
    default:
      break;
  }
  const std::string day = absl::FormatTime(
      "%Y%m%d", ToAbslTime(report.as_of_time()), absl::UTCTimeZone());
  return absl::StrCat("report-", SafeFileNamePart(report.campaign_id()), "-",
                      day, extension);
}

}  // namespace nanoinfluence::kpi
