// The end of the demo: kpi's relays are asynchronous, so the brand console
// polls the report until it shows everything the demo did, then prints
// it, saves the HTML export and writes the JSON summary.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "libs/status/status_macros.h"
#include "tools/demo/campaign_plan.h"
#include "tools/demo/phases.h"
#include "tools/demo/report_differences.h"
#include "tools/demo/retrying_call.h"
#include "tools/demo/summary.h"
#include "tools/nanoctl_client/report_export.h"
#include "tools/nanoctl_client/report_table.h"

namespace nanoinfluence::demo {
namespace {

absl::Status MakeDirectoryOf(const std::string& file) {
  const size_t slash = file.rfind('/');
  if (slash == std::string::npos || slash == 0) return absl::OkStatus();
  const std::string dir = file.substr(0, slash);
  for (size_t at = 1; at <= dir.size(); ++at) {
    if (at == dir.size() || dir[at] == '/') {
      const std::string part = dir.substr(0, at);
      if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) {
        return absl::InternalError(absl::StrCat("cannot create ", part));
      }
    }
  }
  return absl::OkStatus();
}

// Polls kpi until its report equals what the summary says; the last report
// and what still differs when the wait runs out. While it takes longer than
// the relays usually need, the items' statuses are read again from ugc (a
// late verification may have moved one) and the summary with them.
absl::StatusOr<kpi::v1::CampaignReport> WaitForKpi(DemoContext& demo,
                                                   v1::DemoSummary& summary) {
  kpi::v1::GetCampaignReportRequest request;
  request.set_campaign_id(demo.ledger.campaign_id());
  const std::string brand = demo.bearers->Brand(demo.ledger.brand_id);
  const absl::Time give_up = absl::Now() + demo.options.kpi_wait;
  absl::Time next_note = absl::Now() + absl::Seconds(5);
  std::vector<std::string> differences;
  kpi::v1::CampaignReport report;
  while (true) {
    auto answer =
        RetryingCall(&KpiStub::GetCampaignReport, *demo.kpi, brand, request);
    if (answer.ok()) {
      report = *std::move(answer);
      differences = ReportDifferences(summary, report);
      if (differences.empty()) return report;
    } else if (!absl::IsNotFound(answer.status())) {
      return absl::Status(
          answer.status().code(),
          absl::StrCat("GetCampaignReport: ", answer.status().message()));
    }
    // The relays usually catch up within a second; say why it takes longer.
    if (absl::Now() > next_note) {
      NANO_RETURN_IF_ERROR(RefreshContentStatuses(demo));
      summary = Summarize(demo);
      demo.progress.Note(absl::StrCat(
          "waiting for kpi: ",
          answer.ok()
              ? absl::StrCat(differences.size(), " figures behind, e.g. ",
                             differences.front())
              : "it does not know the campaign yet",
          " (", tools::Thousands(report.events_applied()), " events applied)"));
      next_note = absl::Now() + absl::Seconds(5);
    }
    if (absl::Now() > give_up) break;
    absl::SleepFor(absl::Milliseconds(250));
  }
  std::fputs(tools::FormatReportTable(report).c_str(), stdout);
  return absl::DeadlineExceededError(absl::StrCat(
      "after ", absl::FormatDuration(demo.options.kpi_wait),
      " kpi still differs from what the demo did (", differences.size(),
      " figures):\n  ", absl::StrJoin(differences, "\n  ")));
}

}  // namespace

absl::Status ReportResults(DemoContext& demo) {
  demo.progress.Begin("kpi");
  NANO_RETURN_IF_ERROR(RefreshContentStatuses(demo));
  v1::DemoSummary summary = Summarize(demo);
  NANO_ASSIGN_OR_RETURN(kpi::v1::CampaignReport report,
                        WaitForKpi(demo, summary));
  demo.progress.End(
      absl::StrCat("kpi applied ", tools::Thousands(report.events_applied()),
                   " events; every figure matches what the demo did"));

  std::printf("\n%s", tools::FormatReportTable(report).c_str());
  std::printf(
      "\n(The demo plays weeks of a campaign in seconds: its times to post "
      "are seconds.)\n");

  // The brand's export, as the console downloads it.
  NANO_ASSIGN_OR_RETURN(
      tools::ExportedReport html,
      tools::ExportReport(*demo.kpi, demo.bearers->Brand(demo.ledger.brand_id),
                          demo.ledger.campaign_id(),
                          kpi::v1::EXPORT_FORMAT_HTML));
  NANO_RETURN_IF_ERROR(MakeDirectoryOf(demo.options.html_file));
  NANO_RETURN_IF_ERROR(
      tools::WriteFileAtomically(demo.options.html_file, html.bytes));

  // The summary, with every phase's time (this one's too).
  summary = Summarize(demo);
  NANO_ASSIGN_OR_RETURN(std::string json, SummaryJson(summary));
  NANO_RETURN_IF_ERROR(MakeDirectoryOf(demo.options.summary_json_file));
  NANO_RETURN_IF_ERROR(
      tools::WriteFileAtomically(demo.options.summary_json_file, json));

  std::printf(
      "\nHTML report (kpi ExportReport, charts inline): %s\n"
      "What the demo fed, as JSON:                    %s\n"
      "The demo took %.0f s. The campaign is %s.\n",
      demo.options.html_file.c_str(), demo.options.summary_json_file.c_str(),
      summary.total_seconds(), demo.ledger.campaign_id().c_str());
  return absl::OkStatus();
}

}  // namespace nanoinfluence::demo
