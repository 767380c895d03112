// nanoctl report <campaign> [--html FILE | --csv DIR]
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "libs/status/status_macros.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tools/nanoctl_client/report_export.h"
#include "tools/nanoctl_client/report_table.h"
#include "tools/nanoctl_client/unary_call.h"
#include "tools/nanoctl_client/verbs.h"

namespace nanoinfluence::tools {
namespace {

using KpiStub = kpi::v1::KpiService::Stub;

absl::Status Export(KpiStub& kpi, const std::string& bearer,
                    const std::string& campaign_id,
                    const VerbContext& context) {
  const bool html = !context.html_file.empty();
  NANO_ASSIGN_OR_RETURN(ExportedReport file,
                        ExportReport(kpi, bearer, campaign_id,
                                     html ? kpi::v1::EXPORT_FORMAT_HTML
                                          : kpi::v1::EXPORT_FORMAT_CSV));
  const std::string path =
      html ? context.html_file
           : absl::StrCat(context.csv_dir, "/", file.file_name);
  NANO_RETURN_IF_ERROR(WriteFileAtomically(path, file.bytes));
  std::printf("wrote %s (%s, %s bytes)\n", path.c_str(),
              file.content_type.c_str(),
              Thousands(static_cast<int64_t>(file.bytes.size())).c_str());
  return absl::OkStatus();
}

absl::Status Report(const std::string& campaign_id,
                    const VerbContext& context) {
  NANO_ASSIGN_OR_RETURN(LocalSuite suite, LocalSuite::Open(context.suite));
  NANO_RETURN_IF_ERROR(suite.CheckServing({"kpi"}));
  NANO_ASSIGN_OR_RETURN(
      std::string bearer,
      suite.Bearer(DevelopmentCaller(common::v1::ROLE_OPS, "", "", "")));
  auto kpi = kpi::v1::KpiService::NewStub(suite.Channel("kpi"));
  if (!context.html_file.empty() || !context.csv_dir.empty()) {
    return Export(*kpi, bearer, campaign_id, context);
  }
  kpi::v1::GetCampaignReportRequest request;
  request.set_campaign_id(campaign_id);
  NANO_ASSIGN_OR_RETURN(
      kpi::v1::CampaignReport report,
      UnaryCall(&KpiStub::GetCampaignReport, *kpi, bearer, request));
  std::fputs(FormatReportTable(report).c_str(), stdout);
  return absl::OkStatus();
}

}  // namespace

int ReportVerb(const std::vector<std::string>& args,
               const VerbContext& context) {
  if (args.size() != 1 ||
      (!context.html_file.empty() && !context.csv_dir.empty())) {
    std::fputs(
        "usage: nanoctl-client report <campaign id> [--html=FILE | "
        "--csv=DIR] --endpoints=F --jwt_secret_file=S\n",
        stderr);
    return 2;
  }
  absl::Status status = Report(args[0], context);
  if (status.ok()) return 0;
  if (absl::IsNotFound(status) &&
      status.message().find("campaign") != absl::string_view::npos) {
    std::fprintf(stderr,
                 "report: kpi knows no campaign %s (NOT_FOUND); kpi learns of "
                 "a campaign when recruitment opens it\n",
                 args[0].c_str());
  } else {
    std::fprintf(stderr, "report: %s\n", status.ToString().c_str());
  }
  return 1;
}

}  // namespace nanoinfluence::tools
