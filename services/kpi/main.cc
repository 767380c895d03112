// The kpi server: event intake, aggregates, campaign and brand reports, uplift
// studies, exports.
#include "libs/service_main/service_main.h"
#include "migrations.h"
#include "services/kpi/kpi_grpc_service.h"

int main(int argc, char** argv) {
  namespace svc = nanoinfluence::kpi;
  return nanoinfluence::RunServiceMain(
      argc, argv,
      {.name = "kpi",
       .migrations = svc::Migrations(),
       .make_services = nanoinfluence::HostOne<svc::KpiGrpcService>(
           svc::v1::KpiService::service_full_name()),
       // kpi decides no facts others need: it only takes events.
       .event_routes = {}});
}
