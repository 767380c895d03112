// The gRPC face of the kpi service: each unary RPC hands the verified caller
// and the request to Kpi (kpi.h) on the blocking pool and converts the
// status once; ExportReport streams the rendered file in
// chunks; WatchCampaignReport is fed by ReportWatchers. Nothing else happens
// here.
#pragma once

#include <memory>

#include "libs/service_main/service_main.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "services/kpi/kpi.h"
#include "services/kpi/report_watch.h"

namespace nanoinfluence::kpi {

class KpiGrpcService final : public v1::KpiService::CallbackService {
 public:
  KpiGrpcService(ServiceContext& context, v1::ConversionCurve default_curve);

  NANO_UNARY_ON_POOL(IngestEvents, common::v1::IngestEventsRequest,
                     common::v1::IngestEventsResponse)
  NANO_UNARY_ON_POOL(GetCampaignReport, v1::GetCampaignReportRequest,
                     v1::CampaignReport)
  NANO_UNARY_ON_POOL(GetMetricTimeSeries, v1::GetMetricTimeSeriesRequest,
                     v1::GetMetricTimeSeriesResponse)
  NANO_UNARY_ON_POOL(GetBrandOverview, v1::GetBrandOverviewRequest,
                     v1::GetBrandOverviewResponse)
  NANO_UNARY_ON_POOL(Recount, v1::RecountRequest, v1::RecountResponse)
  NANO_UNARY_ON_POOL(CreateUpliftStudy, v1::CreateUpliftStudyRequest,
                     v1::UpliftStudy)
  NANO_UNARY_ON_POOL(RecordStoreSales, v1::RecordStoreSalesRequest,
                     v1::RecordStoreSalesResponse)
  NANO_UNARY_ON_POOL(GetUpliftResult, v1::GetUpliftResultRequest,
                     v1::UpliftResult)
  NANO_UNARY_ON_POOL(ListUpliftStudies, v1::ListUpliftStudiesRequest,
                     v1::ListUpliftStudiesResponse)

  grpc::ServerWriteReactor<v1::ExportReportResponse>* ExportReport(
      grpc::CallbackServerContext* context,
      const v1::ExportReportRequest* request) override;
  grpc::ServerWriteReactor<v1::CampaignReport>* WatchCampaignReport(
      grpc::CallbackServerContext* context,
      const v1::WatchCampaignReportRequest* request) override;

  // Ends the watch streams with UNAVAILABLE when shutdown starts.
  void CloseStreams() { watchers_->CloseAll(); }

 private:
  BlockingPool* handlers_ = nullptr;
  // Destroyed in reverse: the watchers (whose thread builds reports with the
  // core) stop before the core goes.
  std::unique_ptr<Kpi> core_;
  std::unique_ptr<ReportWatchers> watchers_;
};

}  // namespace nanoinfluence::kpi
