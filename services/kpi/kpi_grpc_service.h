// The gRPC face of the kpi service (event intake, aggregates, campaign and
// brand reports, uplift studies, exports). Thin glue: validate, call the
// domain, convert the status once.
//
// Every RPC answers UNIMPLEMENTED (the generated default) until the issue
// that builds the kpi service implements it.
#pragma once

#include "libs/service_main/service_main.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"

namespace nanoinfluence::kpi {

class KpiGrpcService final : public v1::KpiService::CallbackService {
 public:
  explicit KpiGrpcService(ServiceContext& context);
};

}  // namespace nanoinfluence::kpi
