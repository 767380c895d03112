// ExportReport: one snapshot of the campaign's report, with its content per
// day, rendered as CSV or HTML (services/kpi/export/).
#include "absl/strings/str_cat.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "services/kpi/date_range.h"
#include "services/kpi/domain/counts.h"
#include "services/kpi/export/report_export.h"
#include "services/kpi/kpi.h"

namespace nanoinfluence::kpi {
namespace {

// Approved, pending and rejected content per day of submission, from the
// campaign's first day with content to its last (at most a year).
absl::StatusOr<std::vector<ContentDay>> ContentPerDay(
    sql::Connection& tx, const std::string& campaign_id) {
  std::map<int64_t, ContentDay> days;
  NANO_RETURN_IF_ERROR(tx.QueryEach(
      "SELECT day, name, SUM(value) FROM daily WHERE campaign_id = ? AND "
      "name IN (?, ?, ?) GROUP BY day, name",
      {campaign_id, daily::kContentApproved, daily::kContentPending,
       daily::kContentRejected},
      [&](const sql::Row& row) {
        ContentDay& day = days[row.Int(0)];
        const std::string name = row.Text(1);
        if (name == daily::kContentApproved) day.approved = row.Int(2);
        if (name == daily::kContentPending) day.pending = row.Int(2);
        if (name == daily::kContentRejected) day.rejected = row.Int(2);
      }));
  std::vector<ContentDay> series;
  if (days.empty()) return series;
  // A year at most: the chart's days end with the last day with content.
  constexpr int64_t kMaxDays = 366;
  const int64_t last = days.rbegin()->first;
  const int64_t first = std::max(days.begin()->first, last - kMaxDays + 1);
  for (int64_t day = first; day <= last; ++day) {
    ContentDay& entry = series.emplace_back(days[day]);
    entry.day = DateOfDay(day);
  }
  return series;
}

}  // namespace

absl::StatusOr<ExportFile> Kpi::ExportReport(
    const Caller& caller, const v1::ExportReportRequest& request) {
  if (request.format() == v1::EXPORT_FORMAT_UNSPECIFIED) {
    return validation::InvalidField("format", "required");
  }
  NANO_RETURN_IF_ERROR(validation::CheckEnum("format", request.format()));
  const v1::ConversionCurve* curve =
      request.has_conversion_curve() ? &request.conversion_curve() : nullptr;
  NANO_RETURN_IF_ERROR(
      CheckReportRequest(request.campaign_id(), curve, "conversion_curve"));
  ExportInput input;
  // One snapshot: the report and its days from the same transaction.
  NANO_RETURN_IF_ERROR(
      db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
        NANO_ASSIGN_OR_RETURN(
            input.report, ReportIn(tx, caller, request.campaign_id(), curve));
        NANO_ASSIGN_OR_RETURN(input.content_per_day,
                              ContentPerDay(tx, request.campaign_id()));
        return absl::OkStatus();
      }));
  ExportFile file;
  const bool csv = request.format() == v1::EXPORT_FORMAT_CSV;
  file.content_type =
      csv ? "text/csv; charset=utf-8" : "text/html; charset=utf-8";
  file.file_name = ExportFileName(input.report, request.format());
  file.bytes = csv ? RenderCsv(input) : RenderHtml(input);
  file.as_of_time = input.report.as_of_time();
  return file;
}

}  // namespace nanoinfluence::kpi
