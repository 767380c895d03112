// The kpi service's behaviour, one method per RPC, below the gRPC glue
// (kpi_grpc_service.h) and above the SQL layer. Events change the aggregates
// in the intake's transaction (aggregates.h); reports read them
// (report_reader.h); uplift studies keep their own tables (studies/).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "libs/auth/caller.h"
#include "libs/events/intake.h"
#include "libs/idempotency/once_writer.h"
#include "libs/sql/database.h"
#include "nanoinfluence/kpi/v1/kpi_service.pb.h"
#include "services/kpi/report_cache.h"
#include "services/kpi/studies/uplift_studies.h"

namespace nanoinfluence::kpi {

using auth::Caller;

// A rendered export: what ExportReport streams in chunks.
struct ExportFile {
  std::string content_type;
  std::string file_name;
  std::string bytes;
  google::protobuf::Timestamp as_of_time;
};

class Kpi {
 public:
  // `on_change` hears, after each commit, the campaigns whose figures moved
  // (the report watchers).
  Kpi(sql::Database& db, v1::ConversionCurve default_curve,
      std::function<void(const std::vector<std::string>&)> on_change);

  // Events (kpi.cc).
  absl::Status IngestEvents(const Caller& caller,
                            const common::v1::IngestEventsRequest& request,
                            common::v1::IngestEventsResponse* response);

  // Reports (reports.cc).
  absl::Status GetCampaignReport(const Caller& caller,
                                 const v1::GetCampaignReportRequest& request,
                                 v1::CampaignReport* response);
  absl::Status GetMetricTimeSeries(
      const Caller& caller, const v1::GetMetricTimeSeriesRequest& request,
      v1::GetMetricTimeSeriesResponse* response);
  absl::Status GetBrandOverview(const Caller& caller,
                                const v1::GetBrandOverviewRequest& request,
                                v1::GetBrandOverviewResponse* response);

  // The report of a campaign the caller may see, with `curve` (unset: the
  // configured default). INVALID_ARGUMENT for a bad curve (named
  // `curve_field`), NOT_FOUND for a campaign the caller may not see.
  absl::StatusOr<v1::CampaignReport> VisibleReport(
      const Caller& caller, absl::string_view campaign_id,
      const v1::ConversionCurve* curve, absl::string_view curve_field);

  // Exports (export_report.cc).
  absl::StatusOr<ExportFile> ExportReport(
      const Caller& caller, const v1::ExportReportRequest& request);

  // Recount (recount.cc).
  absl::Status Recount(const Caller& caller, const v1::RecountRequest& request,
                       v1::RecountResponse* response);

  // Uplift studies (studies/uplift_studies.h); a change tells the watchers
  // of the campaign's report, which shows the studies (kpi.cc).
  absl::Status CreateUpliftStudy(const Caller& caller,
                                 const v1::CreateUpliftStudyRequest& request,
                                 v1::UpliftStudy* response);
  absl::Status RecordStoreSales(const Caller& caller,
                                const v1::RecordStoreSalesRequest& request,
                                v1::RecordStoreSalesResponse* response);
  absl::Status GetUpliftResult(const Caller& caller,
                               const v1::GetUpliftResultRequest& request,
                               v1::UpliftResult* response) {
    return studies_.GetResult(caller, request, response);
  }
  absl::Status ListUpliftStudies(const Caller& caller,
                                 const v1::ListUpliftStudiesRequest& request,
                                 v1::ListUpliftStudiesResponse* response) {
    return studies_.List(caller, request, response);
  }

 private:
  // INVALID_ARGUMENT for an empty campaign id or a bad curve.
  static absl::Status CheckReportRequest(absl::string_view campaign_id,
                                         const v1::ConversionCurve* curve,
                                         absl::string_view curve_field);
  // The report, studies included, read in `tx` (or the cached one of the
  // same version); NOT_FOUND unless visible.
  absl::StatusOr<v1::CampaignReport> ReportIn(sql::Connection& tx,
                                              const Caller& caller,
                                              absl::string_view campaign_id,
                                              const v1::ConversionCurve* curve);
  // Rebuilds the campaign's aggregates from its event log inside `tx`.
  absl::StatusOr<int64_t> Replay(sql::Connection& tx,
                                 const std::string& campaign_id);

  sql::Database& db_;
  const v1::ConversionCurve default_curve_;
  const std::function<void(const std::vector<std::string>&)> on_change_;
  events::EventIntake intake_;
  idempotency::OnceWriter writer_;
  UpliftStudies studies_;
  ReportCache cache_;
  absl::Mutex recount_mu_;
  std::vector<std::string> recounting_ ABSL_GUARDED_BY(recount_mu_);
};

}  // namespace nanoinfluence::kpi
