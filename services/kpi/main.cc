// The kpi server: event intake, aggregates, campaign and brand reports, uplift
// studies, exports.
#include <string>

#include "absl/flags/flag.h"
#include "libs/service_main/service_main.h"
#include "libs/suite/event_routes.h"
#include "migrations.h"
#include "services/kpi/domain/conversion_curve.h"
#include "services/kpi/kpi_grpc_service.h"

ABSL_FLAG(std::string, conversion_curve, "default=0:0,50:0.30",
          "The estimated conversion uplift of a product page by its reviews, "
          "as <name>=<reviews>:<uplift>,...; reports use it unless a request "
          "brings its own. Default: +30% at 50 reviews (docs/kpi.md).");

int main(int argc, char** argv) {
  namespace svc = nanoinfluence::kpi;
  return nanoinfluence::RunServiceMain(
      argc, argv,
      {.name = "kpi",
       .migrations = svc::Migrations(),
       .make_services = [](nanoinfluence::ServiceContext& context)
           -> absl::StatusOr<nanoinfluence::ServiceBundle> {
         auto curve = svc::ParseCurve(absl::GetFlag(FLAGS_conversion_curve));
         if (!curve.ok()) return curve.status();
         auto service =
             std::make_unique<svc::KpiGrpcService>(context, *std::move(curve));
         nanoinfluence::ServiceBundle bundle;
         bundle.hosted.push_back(
             {service.get(), svc::v1::KpiService::service_full_name()});
         bundle.on_shutdown = [kpi = service.get()] { kpi->CloseStreams(); };
         bundle.owned.push_back(std::move(service));
         return bundle;
       },
       .event_routes = nanoinfluence::EventRoutesFrom("kpi")});
}
