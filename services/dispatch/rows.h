// How dispatch's objects are stored (migrations/0003): campaigns as
// recruitment announced them, stock lines, shipments (the address snapshot
// as PostalAddress bytes) and their history.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "libs/sql/conditions.h"
#include "libs/sql/database.h"
#include "libs/validation/list_filters.h"
#include "nanoinfluence/dispatch/v1/shipment.pb.h"
#include "nanoinfluence/dispatch/v1/stock.pb.h"

namespace nanoinfluence::dispatch {

using validation::AddBrandFilter;

struct CampaignRow {
  std::string campaign_id;
  std::string brand_id;
  bool closed = false;
};

absl::StatusOr<std::optional<CampaignRow>> LoadCampaign(
    sql::Connection& tx, absl::string_view campaign_id);

absl::StatusOr<std::optional<v1::Stock>> LoadStock(
    sql::Connection& tx, absl::string_view campaign_id, absl::string_view sku);
// Inserts the line when `version` is 1, else updates it where its stored
// version is the one before (ABORTED if another write got there first).
absl::Status StoreStock(sql::Connection& tx, const v1::Stock& line);
// "SELECT <these> FROM stock" for StockFromRow.
extern const char kStockColumns[];
v1::Stock StockFromRow(const sql::Row& row);

// The campaign's policy; an empty tier priority when never set.
absl::StatusOr<v1::AllocationPolicy> LoadPolicy(sql::Connection& tx,
                                                const CampaignRow& campaign);

// The shipment as `caller` may see it: a brand never sees the address.
v1::Shipment AsSeenBy(const auth::Caller& caller, v1::Shipment shipment);

struct ShipmentRow {
  // Without history; LoadHistory fills it when the answer shows it.
  v1::Shipment shipment;
  int post_deadline_days = 0;
};

// "SELECT <these> FROM shipments" for ShipmentFromRow.
extern const char kShipmentColumns[];
ShipmentRow ShipmentFromRow(const sql::Row& row);
absl::StatusOr<std::optional<ShipmentRow>> LoadShipment(
    sql::Connection& tx, absl::string_view shipment_id);
absl::StatusOr<std::optional<ShipmentRow>> LoadShipmentOf(
    sql::Connection& tx, absl::string_view campaign_id,
    absl::string_view ambassador_id);
// The shipment carrying this parcel now.
absl::StatusOr<std::optional<ShipmentRow>> FindByTracking(
    sql::Connection& tx, absl::string_view carrier,
    absl::string_view tracking_number);
// ALREADY_EXISTS when the tester has a shipment for the campaign already.
absl::Status InsertShipment(sql::Connection& tx, const ShipmentRow& row);
absl::Status UpdateShipment(sql::Connection& tx, const ShipmentRow& row);

// Appends `change` to the shipment's history.
absl::Status AppendHistory(sql::Connection& tx, absl::string_view shipment_id,
                           const v1::ShipmentStatusChange& change);
// Fills the history of each shipment.
absl::Status LoadHistory(sql::Connection& tx,
                         std::vector<v1::Shipment*> shipments);

}  // namespace nanoinfluence::dispatch
