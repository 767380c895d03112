// The gRPC face of the kpi service: each unary RPC hands the verified caller
// and the request to Kpi (kpi.h) or its uplift studies on the blocking pool
// and converts the status once; ExportReport streams the rendered file in
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

  grpc::ServerUnaryReactor* CreateUpliftStudy(
      grpc::CallbackServerContext* context,
      const v1::CreateUpliftStudyRequest* request,
      v1::UpliftStudy* response) override;
  grpc::ServerUnaryReactor* RecordStoreSales(
      grpc::CallbackServerContext* context,
      const v1::RecordStoreSalesRequest* request,
      v1::RecordStoreSalesResponse* response) override;
  grpc::ServerUnaryReactor* GetUpliftResult(
      grpc::CallbackServerContext* context,
      const v1::GetUpliftResultRequest* request,
      v1::UpliftResult* response) override;
  grpc::ServerUnaryReactor* ListUpliftStudies(
      grpc::CallbackServerContext* context,
      const v1::ListUpliftStudiesRequest* request,
      v1::ListUpliftStudiesResponse* response) override;

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
  std::unique_ptr<ReportWatchers> watchers_;
  std::unique_ptr<Kpi> core_;
};

}  // namespace nanoinfluence::kpi
