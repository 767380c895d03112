// The dispatch server: sample stock, allocation, shipments, tracking,
// reminders, deadlines.
#include "libs/service_main/service_main.h"
#include "migrations.h"
#include "services/dispatch/dispatch_grpc_service.h"

int main(int argc, char** argv) {
  namespace svc = nanoinfluence::dispatch;
  return nanoinfluence::RunServiceMain(
      argc, argv,
      {.name = "dispatch",
       .migrations = svc::Migrations(),
       .make_services = [](nanoinfluence::ServiceContext& context)
           -> absl::StatusOr<nanoinfluence::ServiceBundle> {
         auto service = svc::DispatchGrpcService::Create(context);
         if (!service.ok()) return service.status();
         nanoinfluence::ServiceBundle bundle;
         bundle.hosted.push_back(
             {service->get(), svc::v1::DispatchService::service_full_name()});
         bundle.owned.push_back(*std::move(service));
         return bundle;
       },
       // Who takes which of dispatch's events (docs/events.md).
       .event_routes = {
           {"kpi", {}},
           {"recruitment", {"TestClosed", "SampleAllocated"}},
           {"ugc", {"SampleAllocated", "ShipmentStatusChanged"}}}});
}
