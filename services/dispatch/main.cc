// The dispatch server: sample stock, allocation, shipments, tracking,
// reminders, deadlines.
#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "libs/service_main/service_main.h"
#include "libs/suite/event_routes.h"
#include "migrations.h"
#include "services/dispatch/dispatch_grpc_service.h"

ABSL_FLAG(absl::Duration, deadline_day, absl::Hours(24),
          "Length of a day in post deadlines and reminders; shorter only "
          "for demos and tests, to see tests close in minutes.");

int main(int argc, char** argv) {
  namespace svc = nanoinfluence::dispatch;
  return nanoinfluence::RunServiceMain(
      argc, argv,
      {.name = "dispatch",
       .migrations = svc::Migrations(),
       .make_services = [](nanoinfluence::ServiceContext& context)
           -> absl::StatusOr<nanoinfluence::ServiceBundle> {
         const absl::Duration day = absl::GetFlag(FLAGS_deadline_day);
         if (day <= absl::ZeroDuration()) {
           return absl::InvalidArgumentError(
               "--deadline_day: must be positive");
         }
         auto service = svc::DispatchGrpcService::Create(context, day);
         if (!service.ok()) return service.status();
         nanoinfluence::ServiceBundle bundle;
         bundle.hosted.push_back(
             {service->get(), svc::v1::DispatchService::service_full_name()});
         bundle.owned.push_back(*std::move(service));
         return bundle;
       },
       .event_routes = nanoinfluence::EventRoutesFrom("dispatch")});
}
