#include "tools/demo/demo.h"

#include <cstdio>
#include <functional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tools/demo/campaign_plan.h"
#include "tools/demo/phases.h"
#include "tools/nanoctl_client/report_table.h"

namespace nanoinfluence::demo {

int RunDemo(DemoOptions options, const tools::LocalSuiteOptions& suite_options,
            const OutputDefaults& defaults) {
  absl::StatusOr<tools::LocalSuite> suite =
      tools::LocalSuite::Open(suite_options);
  if (!suite.ok()) {
    std::fprintf(stderr, "nano-demo: %s\n",
                 std::string(suite.status().message()).c_str());
    return 1;
  }
  if (absl::Status up =
          suite->CheckServing({"recruitment", "dispatch", "ugc", "kpi"});
      !up.ok()) {
    std::fprintf(stderr, "nano-demo: the suite is not serving: %s\n",
                 std::string(up.message()).c_str());
    return 1;
  }
  DemoContext demo;
  demo.options = std::move(options);
  demo.suite = &*suite;
  demo.recruitment = recruitment::v1::RecruitmentService::NewStub(
      suite->Channel("recruitment"));
  demo.dispatch =
      dispatch::v1::DispatchService::NewStub(suite->Channel("dispatch"));
  demo.ugc = ugc::v1::UgcService::NewStub(suite->Channel("ugc"));
  demo.kpi = kpi::v1::KpiService::NewStub(suite->Channel("kpi"));
  demo.bearers = std::make_unique<Bearers>(*suite);

  std::printf(
      "nano-demo: %s tests a new cereal bar with %s testers out of a "
      "community of %s (seed %llu), through the suite of %s\n\n",
      kBrandName, tools::Thousands(demo.options.testers).c_str(),
      tools::Thousands(demo.options.ambassadors).c_str(),
      static_cast<unsigned long long>(demo.options.seed),
      suite->endpoints_file().c_str());
  const std::vector<std::pair<const char*, std::function<absl::Status()>>>
      phases = {
          {"creating the campaign", [&] { return CreateCampaign(demo); }},
          {"signing up the community", [&] { return SignUpCommunity(demo); }},
          {"opening the campaign", [&] { return OpenCampaign(demo); }},
          {"applying", [&] { return Apply(demo); }},
          {"selecting testers", [&] { return SelectTesters(demo); }},
          {"allocating samples", [&] { return AllocateSamples(demo); }},
          {"shipping", [&] { return ShipParcels(demo); }},
          {"submitting content", [&] { return SubmitContent(demo); }},
          {"moderating", [&] { return Moderate(demo); }},
          {"measuring engagement", [&] { return UpdateEngagement(demo); }},
          {"recording the uplift study",
           [&] { return RecordUpliftStudy(demo); }},
          {"reading kpi's report", [&] { return ReportResults(demo); }},
      };
  for (const auto& [doing, run] : phases) {
    absl::Status status = run();
    if (status.ok() && !demo.ledger.campaign_id().empty()) {
      const std::string stem = absl::StrCat(defaults.report_dir, "/campaign-",
                                            demo.ledger.campaign_id());
      if (demo.options.html_file.empty())
        demo.options.html_file = stem + ".html";
      if (demo.options.summary_json_file.empty()) {
        demo.options.summary_json_file = stem + "-summary.json";
      }
    }
    if (!status.ok()) {
      std::fprintf(stderr, "\nnano-demo: failed while %s: %s\n", doing,
                   status.ToString().c_str());
      if (absl::IsUnavailable(status)) {
        std::fprintf(stderr,
                     "nano-demo: a service stopped answering; see "
                     "tools/nanoctl status and the service logs\n");
      }
      return 1;
    }
  }
  return 0;
}

}  // namespace nanoinfluence::demo
