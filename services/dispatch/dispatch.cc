#include "services/dispatch/dispatch.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/tenancy.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"

namespace nanoinfluence::dispatch {

using common::v1::ShipmentStatus;

Dispatch::Dispatch(sql::Database& db, const events::Outbox& outbox,
                   SelectedTesters& testers, TierLookup& tiers,
                   absl::Duration day)
    : db_(db),
      outbox_(outbox),
      testers_(testers),
      tiers_(tiers),
      day_(day),
      intake_(db,
              [this](sql::Connection& tx, const common::v1::Event& event) {
                return ApplyEvent(tx, event);
              }),
      writer_(db) {}

absl::StatusOr<CampaignRow> Dispatch::LoadVisibleCampaign(
    sql::Connection& tx, const Caller& caller, absl::string_view campaign_id) {
  NANO_RETURN_IF_ERROR(validation::CheckUuid("campaign_id", campaign_id));
  NANO_ASSIGN_OR_RETURN(std::optional<CampaignRow> campaign,
                        LoadCampaign(tx, campaign_id));
  if (!campaign.has_value() || !caller.SeesBrand(campaign->brand_id)) {
    return auth::NotFound("campaign", campaign_id);
  }
  return *std::move(campaign);
}

absl::StatusOr<CampaignRow> Dispatch::LoadOpenCampaign(
    sql::Connection& tx, const Caller& caller, absl::string_view campaign_id) {
  NANO_ASSIGN_OR_RETURN(CampaignRow campaign,
                        LoadVisibleCampaign(tx, caller, campaign_id));
  if (campaign.closed) {
    return absl::FailedPreconditionError("campaign_id: the campaign is closed");
  }
  return campaign;
}

absl::StatusOr<std::pair<CampaignRow, v1::Stock>> Dispatch::LoadOpenLine(
    sql::Connection& tx, const Caller& caller, absl::string_view campaign_id,
    absl::string_view sku) {
  NANO_ASSIGN_OR_RETURN(CampaignRow campaign,
                        LoadOpenCampaign(tx, caller, campaign_id));
  NANO_ASSIGN_OR_RETURN(v1::Stock line, LoadLine(tx, campaign, sku));
  return std::make_pair(std::move(campaign), std::move(line));
}

absl::StatusOr<v1::Stock> Dispatch::LoadLine(sql::Connection& tx,
                                             const CampaignRow& campaign,
                                             absl::string_view sku) {
  NANO_ASSIGN_OR_RETURN(std::optional<v1::Stock> line,
                        LoadStock(tx, campaign.campaign_id, sku));
  if (!line.has_value()) return auth::NotFound("stock line", sku);
  return *std::move(line);
}

absl::StatusOr<ShipmentRow> Dispatch::LoadVisibleShipment(
    sql::Connection& tx, const Caller& caller, absl::string_view shipment_id) {
  NANO_RETURN_IF_ERROR(validation::CheckUuid("shipment_id", shipment_id));
  NANO_ASSIGN_OR_RETURN(std::optional<ShipmentRow> row,
                        LoadShipment(tx, shipment_id));
  if (!row.has_value() ||
      !(caller.SeesBrand(row->shipment.brand_id()) ||
        caller.SeesAmbassador(row->shipment.ambassador_id()))) {
    return auth::NotFound("shipment", shipment_id);
  }
  return *std::move(row);
}

absl::StatusOr<bool> Dispatch::AllocateOne(sql::Connection& tx,
                                           const CampaignRow& campaign,
                                           const SelectedTester& tester,
                                           common::v1::Tier tier, int quantity,
                                           int post_deadline_days,
                                           absl::Time now, v1::Stock& line,
                                           v1::Shipment* shipment) {
  if (line.units_available() < quantity) return false;
  // The conditional decrement: never below zero, whatever raced with us.
  NANO_ASSIGN_OR_RETURN(
      int64_t taken,
      tx.Execute("UPDATE stock SET units_available = units_available - ?, "
                 "units_allocated = units_allocated + ?, version = version + "
                 "1, updated_at = ? WHERE campaign_id = ? AND sku = ? AND "
                 "units_available >= ?",
                 {int64_t{quantity}, int64_t{quantity}, absl::ToUnixMicros(now),
                  line.campaign_id(), line.sku(), int64_t{quantity}}));
  if (taken == 0) return false;
  NANO_RETURN_IF_ERROR(ApplyDelta(AllocationDelta(quantity), &line));
  *line.mutable_update_time() = Stamp(now);
  ShipmentRow row;
  row.post_deadline_days = post_deadline_days;
  v1::Shipment& s = row.shipment;
  s.set_shipment_id(events::NewEventId());
  s.set_campaign_id(campaign.campaign_id);
  s.set_brand_id(campaign.brand_id);
  s.set_ambassador_id(tester.ambassador_id);
  s.set_sku(line.sku());
  s.set_quantity(quantity);
  s.set_tier(tier);
  s.set_selection_rank(tester.rank);
  s.set_status(common::v1::SHIPMENT_STATUS_ALLOCATED);
  *s.mutable_address() = *tester.address;
  *s.mutable_allocate_time() = *s.mutable_status_time() = Stamp(now);
  NANO_RETURN_IF_ERROR(InsertShipment(tx, row));
  v1::ShipmentStatusChange change;
  change.set_status(common::v1::SHIPMENT_STATUS_ALLOCATED);
  *change.mutable_status_time() = *change.mutable_record_time() = Stamp(now);
  NANO_RETURN_IF_ERROR(AppendHistory(tx, s.shipment_id(), change));
  *s.add_history() = change;
  common::v1::Event event;
  auto* allocated = event.mutable_sample_allocated();
  allocated->set_shipment_id(s.shipment_id());
  allocated->set_campaign_id(s.campaign_id());
  allocated->set_brand_id(s.brand_id());
  allocated->set_ambassador_id(s.ambassador_id());
  allocated->set_sku(s.sku());
  allocated->set_quantity(quantity);
  allocated->set_tier(tier);
  NANO_RETURN_IF_ERROR(Emit(tx, s.shipment_id(), std::move(event)));
  *shipment = s;
  return true;
}

absl::Status Dispatch::ChangeStatus(sql::Connection& tx,
                                    const StatusChange& change,
                                    ShipmentRow& row, bool* changed) {
  v1::Shipment& s = row.shipment;
  const ShipmentStatus from = s.status();
  *changed = false;
  if (from == change.status &&
      (change.status != common::v1::SHIPMENT_STATUS_SHIPPED ||
       (s.carrier() == change.carrier &&
        s.tracking_number() == change.tracking_number))) {
    return absl::OkStatus();  // told twice: nothing to do
  }
  if (s.test_outcome() != common::v1::TEST_OUTCOME_UNSPECIFIED) {
    return absl::FailedPreconditionError(
        "status: the shipment's test is closed; it changes no more");
  }
  if (change.status == common::v1::SHIPMENT_STATUS_ALLOCATED &&
      s.address_erased()) {
    return absl::FailedPreconditionError(
        "status: no re-ship, the tester's address was erased");
  }
  NANO_ASSIGN_OR_RETURN(std::optional<CampaignRow> campaign,
                        LoadCampaign(tx, s.campaign_id()));
  NANO_RETURN_IF_ERROR(
      CheckTransition(from, change.status, s.reship_count(),
                      campaign.has_value() && campaign->closed));
  if (change.status_time < TimeOf(s.status_time())) {
    return absl::InvalidArgumentError(
        "status_time: before the shipment's previous status time");
  }
  const absl::Time now = absl::Now();
  const StockDelta delta = StockDeltaOf(from, change.status, s.quantity());
  if (delta != StockDelta{}) {
    NANO_ASSIGN_OR_RETURN(std::optional<v1::Stock> line,
                          LoadStock(tx, s.campaign_id(), s.sku()));
    if (!line.has_value()) {
      return absl::InternalError(
          absl::StrCat("stock line of ", s.sku(), " missing"));
    }
    if (line->units_available() + delta.available < 0) {
      return absl::FailedPreconditionError(
          "status: no unit is available to re-ship");
    }
    NANO_RETURN_IF_ERROR(ApplyDelta(delta, &*line));
    *line->mutable_update_time() = Stamp(now);
    NANO_RETURN_IF_ERROR(StoreStock(tx, *line));
  }
  s.set_status(change.status);
  *s.mutable_status_time() = Stamp(change.status_time);
  switch (change.status) {
    case common::v1::SHIPMENT_STATUS_SHIPPED:
      s.set_carrier(change.carrier);
      s.set_tracking_number(change.tracking_number);
      s.set_tracking_url(change.tracking_url);
      *s.mutable_ship_time() = Stamp(change.status_time);
      break;
    case common::v1::SHIPMENT_STATUS_DELIVERED:
      *s.mutable_deliver_time() = Stamp(change.status_time);
      *s.mutable_post_deadline() =
          Stamp(change.status_time + day_ * row.post_deadline_days);
      break;
    case common::v1::SHIPMENT_STATUS_ALLOCATED:  // re-ship after LOST
      s.set_reship_count(s.reship_count() + 1);
      s.clear_carrier();
      s.clear_tracking_number();
      s.clear_tracking_url();
      s.clear_ship_time();
      break;
    default:
      break;
  }
  NANO_RETURN_IF_ERROR(UpdateShipment(tx, row));
  v1::ShipmentStatusChange history;
  history.set_previous_status(from);
  history.set_status(change.status);
  *history.mutable_status_time() = Stamp(change.status_time);
  *history.mutable_record_time() = Stamp(now);
  history.set_carrier(s.carrier());
  history.set_tracking_number(s.tracking_number());
  history.set_note(change.note);
  NANO_RETURN_IF_ERROR(AppendHistory(tx, s.shipment_id(), history));
  NANO_RETURN_IF_ERROR(EmitStatusChanged(tx, s, from));
  *changed = true;
  return absl::OkStatus();
}

absl::Status Dispatch::CloseTest(sql::Connection& tx, ShipmentRow& row,
                                 common::v1::TestOutcome outcome,
                                 absl::Time now) {
  v1::Shipment& s = row.shipment;
  s.set_test_outcome(outcome);
  *s.mutable_test_close_time() = Stamp(now);
  s.clear_address();
  s.set_address_erased(true);
  NANO_RETURN_IF_ERROR(UpdateShipment(tx, row));
  common::v1::Event event;
  auto* closed = event.mutable_test_closed();
  closed->set_campaign_id(s.campaign_id());
  closed->set_brand_id(s.brand_id());
  closed->set_ambassador_id(s.ambassador_id());
  closed->set_shipment_id(s.shipment_id());
  closed->set_outcome(outcome);
  if (s.has_deliver_time()) *closed->mutable_delivered_at() = s.deliver_time();
  if (s.has_first_post_time()) {
    *closed->mutable_first_post_at() = s.first_post_time();
  }
  return Emit(tx, s.shipment_id(), std::move(event));
}

absl::Status Dispatch::Emit(sql::Connection& tx, absl::string_view aggregate_id,
                            common::v1::Event event) const {
  event.set_aggregate_type("shipment");
  event.set_aggregate_id(std::string(aggregate_id));
  return outbox_.Append(tx, std::move(event)).status();
}

absl::Status Dispatch::EmitStatusChanged(
    sql::Connection& tx, const v1::Shipment& s,
    common::v1::ShipmentStatus previous) const {
  common::v1::Event event;
  auto* changed = event.mutable_shipment_status_changed();
  changed->set_shipment_id(s.shipment_id());
  changed->set_campaign_id(s.campaign_id());
  changed->set_brand_id(s.brand_id());
  changed->set_ambassador_id(s.ambassador_id());
  changed->set_sku(s.sku());
  changed->set_previous_status(previous);
  changed->set_status(s.status());
  *changed->mutable_status_time() = s.status_time();
  changed->set_tier(s.tier());
  return Emit(tx, s.shipment_id(), std::move(event));
}

}  // namespace nanoinfluence::dispatch
