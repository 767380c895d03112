// The ugc server: content submission, moderation, engagement, live stream,
// syndication.
#include "libs/service_main/service_main.h"
#include "migrations.h"
#include "services/ugc/ugc_grpc_service.h"

int main(int argc, char** argv) {
  namespace svc = nanoinfluence::ugc;
  return nanoinfluence::RunServiceMain(
      argc, argv,
      {.name = "ugc",
       .migrations = svc::Migrations(),
       .make_services = nanoinfluence::HostOne<svc::UgcGrpcService>(
           svc::v1::UgcService::service_full_name()),
       // Who takes which of ugc's events (docs/events.md).
       .event_routes = {
           {"kpi", {}},
           {"dispatch", {"ContentSubmitted", "ContentModerated"}}}});
}
