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
       .make_services = nanoinfluence::HostOne<svc::DispatchGrpcService>(
           svc::v1::DispatchService::service_full_name()),
       // Who takes which of dispatch's events (docs/events.md).
       .event_routes = {
           {"kpi", {}},
           {"recruitment", {"TestClosed", "SampleAllocated"}},
           {"ugc", {"SampleAllocated", "ShipmentStatusChanged"}}}});
}
