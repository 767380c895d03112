#include "services/kpi/kpi.h"

#include "absl/container/flat_hash_set.h"
#include "absl/time/clock.h"
#include "libs/status/status_macros.h"
#include "services/kpi/aggregates.h"

namespace nanoinfluence::kpi {

Kpi::Kpi(sql::Database& db, v1::ConversionCurve default_curve,
         std::function<void(const std::vector<std::string>&)> on_change)
    : db_(db),
      default_curve_(std::move(default_curve)),
      on_change_(std::move(on_change)),
      intake_(db,
              [](sql::Connection& tx, const common::v1::Event& event) {
                return ApplyToAggregates(tx, event, absl::Now(),
                                         /*keep_in_log=*/true);
              }),
      writer_(db),
      studies_(db) {}

absl::Status Kpi::IngestEvents(const Caller& caller,
                               const common::v1::IngestEventsRequest& request,
                               common::v1::IngestEventsResponse* response) {
  NANO_RETURN_IF_ERROR(intake_.Ingest(caller, request, response));
  if (response->applied_event_ids_size() == 0) return absl::OkStatus();
  absl::flat_hash_set<std::string> changed;
  for (const common::v1::Event& event : request.events()) {
    std::string campaign_id = CampaignOf(event);
    if (!campaign_id.empty()) changed.insert(std::move(campaign_id));
  }
  on_change_({changed.begin(), changed.end()});
  return absl::OkStatus();
}

absl::Status Kpi::CreateUpliftStudy(const Caller& caller,
                                    const v1::CreateUpliftStudyRequest& request,
                                    v1::UpliftStudy* response) {
  NANO_RETURN_IF_ERROR(studies_.Create(caller, request, response));
  on_change_({response->campaign_id()});
  return absl::OkStatus();
}

absl::Status Kpi::RecordStoreSales(const Caller& caller,
                                   const v1::RecordStoreSalesRequest& request,
                                   v1::RecordStoreSalesResponse* response) {
  NANO_RETURN_IF_ERROR(studies_.RecordSales(caller, request, response));
  on_change_({response->study().campaign_id()});
  return absl::OkStatus();
}

}  // namespace nanoinfluence::kpi
