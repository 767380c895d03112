// GetShipment, ListShipments, ListMyShipments, GetProofOfReceipt.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/auth/tenancy.h"
#include "libs/paging/page_token.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/list_filters.h"
#include "libs/validation/timestamps.h"
#include "services/dispatch/dispatch.h"

namespace nanoinfluence::dispatch {
namespace {

using validation::InvalidField;

// Newest allocation first, a page of `page` after the cursor, with history.
absl::Status ListPage(sql::Connection& tx, const Caller& caller,
                      sql::Conditions& where, const paging::Page& page,
                      google::protobuf::RepeatedPtrField<v1::Shipment>* out,
                      common::v1::PageResponse* page_out) {
  if (!page.after.empty()) {
    NANO_ASSIGN_OR_RETURN(paging::TimeCursor cursor,
                          paging::TimeCursor::Parse(page.after));
    where.AddAfter("allocated_at", "shipment_id", cursor.time, cursor.id,
                   /*descending=*/true);
  }
  where.AddParam(static_cast<int64_t>(page.size + 1));
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kShipmentColumns,
                            " FROM shipments WHERE ", where.sql(),
                            " ORDER BY allocated_at DESC, shipment_id DESC "
                            "LIMIT ?"),
               where.params()));
  std::vector<v1::Shipment*> shown;
  for (size_t i = 0; i < rows.rows.size() && i < size_t(page.size); ++i) {
    v1::Shipment* shipment = out->Add();
    *shipment = AsSeenBy(caller, ShipmentFromRow(rows.rows[i]).shipment);
    shown.push_back(shipment);
  }
  NANO_RETURN_IF_ERROR(LoadHistory(tx, shown));
  if (rows.rows.size() > size_t(page.size)) {
    const v1::Shipment& last = *shown.back();
    page_out->set_next_page_token(page.NextToken(paging::TimeCursor{
        google::protobuf::util::TimeUtil::TimestampToMicroseconds(
            last.allocate_time()),
        last.shipment_id()}
                                                     .Format()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Dispatch::GetShipment(const Caller& caller,
                                   const v1::GetShipmentRequest& request,
                                   v1::Shipment* response) {
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(
        ShipmentRow row,
        LoadVisibleShipment(tx, caller, request.shipment_id()));
    *response = AsSeenBy(caller, std::move(row.shipment));
    return LoadHistory(tx, {response});
  });
}

absl::Status Dispatch::ListShipments(const Caller& caller,
                                     const v1::ListShipmentsRequest& request,
                                     v1::ListShipmentsResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  sql::Conditions where;
  NANO_RETURN_IF_ERROR(AddBrandFilter(where, caller, request.brand_id()));
  if (!request.campaign_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("campaign_id", request.campaign_id()));
    where.Add("campaign_id = ?", {request.campaign_id()});
  }
  if (!request.ambassador_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("ambassador_id", request.ambassador_id()));
    where.Add("ambassador_id = ?", {request.ambassador_id()});
  }
  if (!request.sku().empty()) {
    NANO_RETURN_IF_ERROR(CheckSku("sku", request.sku()));
    where.Add("sku = ?", {request.sku()});
  }
  NANO_ASSIGN_OR_RETURN(auto statuses,
                        validation::EnumValues<common::v1::ShipmentStatus>(
                            "statuses", request.statuses(), 5));
  where.AddIn("status", statuses);
  if (request.has_allocate_time()) {
    NANO_RETURN_IF_ERROR(validation::AddTimeRange(
        where, "allocated_at", "allocate_time", request.allocate_time()));
  }
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    if (!request.campaign_id().empty()) {
      NANO_RETURN_IF_ERROR(
          LoadVisibleCampaign(tx, caller, request.campaign_id()).status());
    }
    sql::Conditions page_where = where;
    return ListPage(tx, caller, page_where, page, response->mutable_shipments(),
                    response->mutable_page());
  });
}

absl::Status Dispatch::ListMyShipments(
    const Caller& caller, const v1::ListMyShipmentsRequest& request,
    v1::ListMyShipmentsResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  NANO_ASSIGN_OR_RETURN(auto statuses,
                        validation::EnumValues<common::v1::ShipmentStatus>(
                            "statuses", request.statuses(), 5));
  sql::Conditions where;
  where.Add("ambassador_id = ?", {caller.ambassador_id});
  where.AddIn("status", statuses);
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    sql::Conditions page_where = where;
    return ListPage(tx, caller, page_where, page, response->mutable_shipments(),
                    response->mutable_page());
  });
}

absl::Status Dispatch::GetProofOfReceipt(
    const Caller& caller, const v1::GetProofOfReceiptRequest& request,
    v1::ProofOfReceipt* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("ambassador_id", request.ambassador_id()));
  response->set_campaign_id(request.campaign_id());
  response->set_ambassador_id(request.ambassador_id());
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(
        std::optional<ShipmentRow> row,
        LoadShipmentOf(tx, request.campaign_id(), request.ambassador_id()));
    if (!row.has_value()) return absl::OkStatus();  // no shipment: not received
    const v1::Shipment& s = row->shipment;
    response->set_shipment_id(s.shipment_id());
    response->set_status(s.status());
    response->set_sku(s.sku());
    if (s.has_deliver_time()) {
      response->set_received(true);
      *response->mutable_deliver_time() = s.deliver_time();
    }
    return absl::OkStatus();
  });
}

}  // namespace nanoinfluence::dispatch
