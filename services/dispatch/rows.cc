#include "services/dispatch/rows.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"

namespace nanoinfluence::dispatch {
namespace {

using google::protobuf::util::TimeUtil;

absl::StatusOr<std::optional<ShipmentRow>> FirstShipment(
    absl::StatusOr<sql::ResultSet> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->rows.empty()) return std::nullopt;
  return ShipmentFromRow(rows->rows[0]);
}

}  // namespace

absl::StatusOr<std::optional<CampaignRow>> LoadCampaign(
    sql::Connection& tx, absl::string_view campaign_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT campaign_id, brand_id, closed FROM campaigns WHERE "
               "campaign_id = ?",
               {std::string(campaign_id)}));
  if (rows.rows.empty()) return std::nullopt;
  return CampaignRow{.campaign_id = rows.rows[0].Text(0),
                     .brand_id = rows.rows[0].Text(1),
                     .closed = rows.rows[0].Int(2) != 0};
}

const char kStockColumns[] =
    "campaign_id, sku, brand_id, variant_label, units_available, "
    "units_allocated, units_shipped, units_written_off, units_received, "
    "version, created_at, updated_at";

v1::Stock StockFromRow(const sql::Row& row) {
  v1::Stock s;
  s.set_campaign_id(row.Text(0));
  s.set_sku(row.Text(1));
  s.set_brand_id(row.Text(2));
  s.set_variant_label(row.Text(3));
  s.set_units_available(row.Int(4));
  s.set_units_allocated(row.Int(5));
  s.set_units_shipped(row.Int(6));
  s.set_units_written_off(row.Int(7));
  s.set_units_received(row.Int(8));
  s.set_version(row.Int(9));
  *s.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.Int(10));
  *s.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row.Int(11));
  return s;
}

absl::StatusOr<std::optional<v1::Stock>> LoadStock(
    sql::Connection& tx, absl::string_view campaign_id, absl::string_view sku) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kStockColumns,
                            " FROM stock WHERE campaign_id = ? AND sku = ?"),
               {std::string(campaign_id), std::string(sku)}));
  if (rows.rows.empty()) return std::nullopt;
  return StockFromRow(rows.rows[0]);
}

absl::Status StoreStock(sql::Connection& tx, const v1::Stock& s) {
  const int64_t updated_at = TimeUtil::TimestampToMicroseconds(s.update_time());
  if (s.version() == 1) {
    return tx
        .Execute(
            absl::StrCat("INSERT INTO stock (", kStockColumns,
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {s.campaign_id(), s.sku(), s.brand_id(), s.variant_label(),
             s.units_available(), s.units_allocated(), s.units_shipped(),
             s.units_written_off(), s.units_received(), s.version(),
             TimeUtil::TimestampToMicroseconds(s.create_time()), updated_at})
        .status();
  }
  NANO_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE stock SET variant_label = ?, units_available = ?, "
                 "units_allocated = ?, units_shipped = ?, "
                 "units_written_off = ?, units_received = ?, version = ?, "
                 "updated_at = ? WHERE campaign_id = ? AND sku = ? AND "
                 "version = ?",
                 {s.variant_label(), s.units_available(), s.units_allocated(),
                  s.units_shipped(), s.units_written_off(), s.units_received(),
                  s.version(), updated_at, s.campaign_id(), s.sku(),
                  s.version() - 1}));
  if (changed == 1) return absl::OkStatus();
  return absl::AbortedError("stock: changed by another call; retry");
}

absl::StatusOr<v1::AllocationPolicy> LoadPolicy(sql::Connection& tx,
                                                const CampaignRow& campaign) {
  v1::AllocationPolicy policy;
  policy.set_campaign_id(campaign.campaign_id);
  policy.set_brand_id(campaign.brand_id);
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT tier_priority, updated_at FROM allocation_policies "
               "WHERE campaign_id = ?",
               {campaign.campaign_id}));
  if (rows.rows.empty()) return policy;
  for (absl::string_view tier :
       absl::StrSplit(rows.rows[0].Text(0), ',', absl::SkipEmpty())) {
    int value = 0;
    if (absl::SimpleAtoi(tier, &value)) {
      policy.add_tier_priority(static_cast<common::v1::Tier>(value));
    }
  }
  *policy.mutable_update_time() =
      Stamp(absl::FromUnixMicros(rows.rows[0].Int(1)));
  return policy;
}

v1::Shipment AsSeenBy(const auth::Caller& caller, v1::Shipment shipment) {
  if (caller.role == common::v1::ROLE_BRAND) shipment.clear_address();
  return shipment;
}

const char kShipmentColumns[] =
    "shipment_id, campaign_id, brand_id, ambassador_id, sku, quantity, tier, "
    "selection_rank, status, carrier, tracking_number, tracking_url, "
    "address, reship_count, post_deadline_days, allocated_at, shipped_at, "
    "delivered_at, status_at, post_deadline, test_outcome, test_closed_at, "
    "first_post_at";

ShipmentRow ShipmentFromRow(const sql::Row& row) {
  ShipmentRow r;
  v1::Shipment& s = r.shipment;
  s.set_shipment_id(row.Text(0));
  s.set_campaign_id(row.Text(1));
  s.set_brand_id(row.Text(2));
  s.set_ambassador_id(row.Text(3));
  s.set_sku(row.Text(4));
  s.set_quantity(static_cast<int32_t>(row.Int(5)));
  s.set_tier(static_cast<common::v1::Tier>(row.Int(6)));
  s.set_selection_rank(static_cast<int32_t>(row.Int(7)));
  s.set_status(static_cast<common::v1::ShipmentStatus>(row.Int(8)));
  s.set_carrier(row.Text(9));
  s.set_tracking_number(row.Text(10));
  s.set_tracking_url(row.Text(11));
  if (row.IsNull(12)) {
    s.set_address_erased(true);
  } else {
    s.mutable_address()->ParseFromString(row.Text(12));
  }
  s.set_reship_count(static_cast<int32_t>(row.Int(13)));
  r.post_deadline_days = static_cast<int>(row.Int(14));
  *s.mutable_allocate_time() = TimeUtil::MicrosecondsToTimestamp(row.Int(15));
  if (auto t = TimestampColumn(row, 16)) *s.mutable_ship_time() = *t;
  if (auto t = TimestampColumn(row, 17)) *s.mutable_deliver_time() = *t;
  *s.mutable_status_time() = TimeUtil::MicrosecondsToTimestamp(row.Int(18));
  if (auto t = TimestampColumn(row, 19)) *s.mutable_post_deadline() = *t;
  s.set_test_outcome(static_cast<common::v1::TestOutcome>(row.Int(20)));
  if (auto t = TimestampColumn(row, 21)) *s.mutable_test_close_time() = *t;
  if (auto t = TimestampColumn(row, 22)) *s.mutable_first_post_time() = *t;
  return r;
}

absl::StatusOr<std::optional<ShipmentRow>> LoadShipment(
    sql::Connection& tx, absl::string_view shipment_id) {
  return FirstShipment(
      tx.Query(absl::StrCat("SELECT ", kShipmentColumns,
                            " FROM shipments WHERE shipment_id = ?"),
               {std::string(shipment_id)}));
}

absl::StatusOr<std::optional<ShipmentRow>> LoadShipmentOf(
    sql::Connection& tx, absl::string_view campaign_id,
    absl::string_view ambassador_id) {
  return FirstShipment(
      tx.Query(absl::StrCat("SELECT ", kShipmentColumns,
                            " FROM shipments WHERE campaign_id = ? AND "
                            "ambassador_id = ?"),
               {std::string(campaign_id), std::string(ambassador_id)}));
}

absl::StatusOr<std::optional<ShipmentRow>> FindByTracking(
    sql::Connection& tx, absl::string_view carrier,
    absl::string_view tracking_number) {
  return FirstShipment(
      tx.Query(absl::StrCat("SELECT ", kShipmentColumns,
                            " FROM shipments WHERE carrier = ? AND "
                            "tracking_number = ? AND tracking_number != '' "
                            "ORDER BY status_at DESC LIMIT 1"),
               {std::string(carrier), std::string(tracking_number)}));
}

namespace {

std::vector<sql::Value> ShipmentValues(const ShipmentRow& r) {
  const v1::Shipment& s = r.shipment;
  sql::Value address = sql::kNull;
  if (!s.address_erased()) address = sql::Blob{s.address().SerializeAsString()};
  return {s.shipment_id(),
          s.campaign_id(),
          s.brand_id(),
          s.ambassador_id(),
          s.sku(),
          int64_t{s.quantity()},
          int64_t{s.tier()},
          int64_t{s.selection_rank()},
          int64_t{s.status()},
          s.carrier(),
          s.tracking_number(),
          s.tracking_url(),
          address,
          int64_t{s.reship_count()},
          int64_t{r.post_deadline_days},
          TimeUtil::TimestampToMicroseconds(s.allocate_time()),
          MicrosOrNull(s.has_ship_time(), s.ship_time()),
          MicrosOrNull(s.has_deliver_time(), s.deliver_time()),
          TimeUtil::TimestampToMicroseconds(s.status_time()),
          MicrosOrNull(s.has_post_deadline(), s.post_deadline()),
          int64_t{s.test_outcome()},
          MicrosOrNull(s.has_test_close_time(), s.test_close_time()),
          MicrosOrNull(s.has_first_post_time(), s.first_post_time())};
}

}  // namespace

absl::Status InsertShipment(sql::Connection& tx, const ShipmentRow& row) {
  const std::vector<sql::Value> values = ShipmentValues(row);
  return tx
      .Execute(absl::StrCat("INSERT INTO shipments (", kShipmentColumns,
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
               values)
      .status();
}

absl::Status UpdateShipment(sql::Connection& tx, const ShipmentRow& row) {
  std::vector<sql::Value> values = ShipmentValues(row);
  // Everything that changes after allocation, then the id.
  std::vector<sql::Value> params(values.begin() + 8, values.end());
  params.push_back(values[0]);
  NANO_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE shipments SET status = ?, carrier = ?, "
                 "tracking_number = ?, tracking_url = ?, address = ?, "
                 "reship_count = ?, post_deadline_days = ?, allocated_at = ?, "
                 "shipped_at = ?, delivered_at = ?, status_at = ?, "
                 "post_deadline = ?, test_outcome = ?, test_closed_at = ?, "
                 "first_post_at = ? WHERE shipment_id = ?",
                 params));
  if (changed == 1) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("shipment ", row.shipment.shipment_id(), " vanished"));
}

absl::Status AppendHistory(sql::Connection& tx, absl::string_view shipment_id,
                           const v1::ShipmentStatusChange& change) {
  return tx
      .Execute(
          "INSERT INTO shipment_history (shipment_id, position, "
          "previous_status, status, status_at, recorded_at, carrier, "
          "tracking_number, note) VALUES (?, (SELECT COUNT(*) FROM "
          "shipment_history WHERE shipment_id = ?), ?, ?, ?, ?, ?, ?, ?)",
          {std::string(shipment_id), std::string(shipment_id),
           int64_t{change.previous_status()}, int64_t{change.status()},
           TimeUtil::TimestampToMicroseconds(change.status_time()),
           TimeUtil::TimestampToMicroseconds(change.record_time()),
           change.carrier(), change.tracking_number(), change.note()})
      .status();
}

absl::Status LoadHistory(sql::Connection& tx,
                         std::vector<v1::Shipment*> shipments) {
  if (shipments.empty()) return absl::OkStatus();
  absl::flat_hash_map<std::string, v1::Shipment*> by_id;
  std::vector<sql::Value> ids;
  for (v1::Shipment* s : shipments) {
    by_id[s->shipment_id()] = s;
    ids.push_back(s->shipment_id());
  }
  sql::Conditions where;
  where.AddIn("shipment_id", ids);
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT shipment_id, previous_status, status, "
                            "status_at, recorded_at, carrier, "
                            "tracking_number, note FROM shipment_history "
                            "WHERE ",
                            where.sql(), " ORDER BY shipment_id, position"),
               where.params()));
  for (const sql::Row& row : rows.rows) {
    v1::ShipmentStatusChange* change = by_id[row.Text(0)]->add_history();
    change->set_previous_status(
        static_cast<common::v1::ShipmentStatus>(row.Int(1)));
    change->set_status(static_cast<common::v1::ShipmentStatus>(row.Int(2)));
    *change->mutable_status_time() =
        TimeUtil::MicrosecondsToTimestamp(row.Int(3));
    *change->mutable_record_time() =
        TimeUtil::MicrosecondsToTimestamp(row.Int(4));
    change->set_carrier(row.Text(5));
    change->set_tracking_number(row.Text(6));
    change->set_note(row.Text(7));
  }
  return absl::OkStatus();
}

}  // namespace nanoinfluence::dispatch
