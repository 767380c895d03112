#include "services/kpi/kpi_grpc_service.h"

namespace nanoinfluence::kpi {

KpiGrpcService::KpiGrpcService(ServiceContext&) {}

}  // namespace nanoinfluence::kpi
