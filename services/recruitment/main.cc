// The recruitment server: ambassadors, consent, social accounts, tiers,
// campaigns, applications, selection.
#include "libs/service_main/service_main.h"
#include "migrations.h"
#include "services/recruitment/recruitment_grpc_service.h"

int main(int argc, char** argv) {
  namespace svc = nanoinfluence::recruitment;
  return nanoinfluence::RunServiceMain(
      argc, argv,
      {.name = "recruitment",
       .migrations = svc::Migrations(),
       .make_services = nanoinfluence::HostOne<svc::RecruitmentGrpcService>(
           svc::v1::RecruitmentService::service_full_name()),
       // Who takes which of recruitment's events (docs/events.md).
       .event_routes = {
           {"kpi", {}},
           {"dispatch",
            {"CampaignOpened", "CampaignClosed", "SelectionChanged",
             "TierChanged", "AmbassadorErased"}},
           {"ugc", {"CampaignOpened", "CampaignClosed", "AmbassadorErased"}}}});
}
