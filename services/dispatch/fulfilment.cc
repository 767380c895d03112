// ExportFulfilment: the 3PL's pick list, from one snapshot.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/list_filters.h"
#include "libs/validation/timestamps.h"
#include "services/dispatch/dispatch.h"

namespace nanoinfluence::dispatch {

absl::Status Dispatch::ExportFulfilment(
    const Caller& caller, const v1::ExportFulfilmentRequest& request,
    std::vector<v1::FulfilmentRow>* rows) {
  sql::Conditions where;
  // Only parcels to send, and only those with an address left (an erased
  // tester's sample is not sent).
  where.Add("status = ?", {int64_t{common::v1::SHIPMENT_STATUS_ALLOCATED}});
  where.Add("address IS NOT NULL");
  if (!request.campaign_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("campaign_id", request.campaign_id()));
    where.Add("campaign_id = ?", {request.campaign_id()});
  }
  if (!request.brand_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckBrandId("brand_id", request.brand_id()));
    where.Add("brand_id = ?", {request.brand_id()});
  }
  if (!request.sku().empty()) {
    NANO_RETURN_IF_ERROR(CheckSku("sku", request.sku()));
    where.Add("sku = ?", {request.sku()});
  }
  if (request.has_allocate_time()) {
    NANO_RETURN_IF_ERROR(validation::AddTimeRange(
        where, "allocated_at", "allocate_time", request.allocate_time()));
  }
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    if (!request.campaign_id().empty()) {
      NANO_RETURN_IF_ERROR(
          LoadVisibleCampaign(tx, caller, request.campaign_id()).status());
    }
    return tx.QueryEach(
        absl::StrCat("SELECT ", kShipmentColumns, " FROM shipments WHERE ",
                     where.sql(), " ORDER BY allocated_at, shipment_id"),
        where.params(), [&](const sql::Row& row) {
          const v1::Shipment s = ShipmentFromRow(row).shipment;
          v1::FulfilmentRow& out = rows->emplace_back();
          out.set_shipment_id(s.shipment_id());
          out.set_recipient_name(s.address().recipient_name());
          *out.mutable_address() = s.address();
          out.set_sku(s.sku());
          out.set_quantity(s.quantity());
          out.set_campaign_id(s.campaign_id());
          out.set_reship(s.reship_count() > 0);
          *out.mutable_allocate_time() = s.allocate_time();
        });
  });
}

}  // namespace nanoinfluence::dispatch
