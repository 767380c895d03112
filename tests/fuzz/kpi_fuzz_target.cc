// The kpi fuzz target: each input's calls run against the real Kpi core on
// a fresh SQLite store, with the default conversion curve and no report
// watchers.
#include <string>
#include <vector>

#include "migrations.h"
#include "services/kpi/domain/conversion_curve.h"
#include "services/kpi/kpi.h"
#include "tests/fuzz/call_runner.h"
#include "tests/fuzz/fuzz_store.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/inputs/kpi_fuzz_input.pb.h"

namespace nanoinfluence::fuzz {
namespace {

using kpi::Kpi;

const CallRunner<Kpi>& Runner() {
  static const CallRunner<Kpi> runner({
      Rpc(&Kpi::IngestEvents),
      Rpc(&Kpi::GetCampaignReport),
      Rpc(&Kpi::GetMetricTimeSeries),
      Rpc(&Kpi::GetBrandOverview),
      Rpc(&Kpi::CreateUpliftStudy),
      Rpc(&Kpi::RecordStoreSales),
      Rpc(&Kpi::GetUpliftResult),
      Rpc(&Kpi::ListUpliftStudies),
      Rpc(&Kpi::Recount),
      // A stream: the glue renders the whole file, then sends it in chunks.
      {kpi::v1::ExportReportRequest::descriptor()->full_name(),
       [](Kpi& core, const auth::Caller& caller,
          const google::protobuf::Message& request, IdReferences& ids) {
         auto file = core.ExportReport(
             caller, static_cast<const kpi::v1::ExportReportRequest&>(request));
         TakeAnswer("ExportReport", file.status(), nullptr, ids);
       }},
  });
  return runner;
}

}  // namespace

const google::protobuf::Message& InputPrototype() {
  return KpiFuzzInput::default_instance();
}

void RunInput(const google::protobuf::Message& input) {
  FuzzStore store("kpi", kpi::Migrations());
  Kpi core(store.db(), kpi::DefaultCurve(),
           [](const std::vector<std::string>&) {});
  Runner().RunAll(core, input);
}

}  // namespace nanoinfluence::fuzz
