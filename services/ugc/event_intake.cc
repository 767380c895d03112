// What ugc takes from the other services' events: campaigns (recruitment),
// SKU variants and deliveries (dispatch), erasures (recruitment).
#include <regex>

#include "absl/time/clock.h"
#include "libs/idempotency/idempotency.h"
#include "libs/status/status_macros.h"
#include "libs/validation/timestamps.h"
#include "services/ugc/ugc.h"

namespace nanoinfluence::ugc {
namespace {

// Social handles as people write them in a text ("@marie.l", "@chef_42").
std::string WithoutHandles(const std::string& text) {
  static const std::regex kHandle("@[A-Za-z0-9_.]{2,30}");
  return std::regex_replace(text, kHandle, "[removed]");
}

}  // namespace

absl::Status Ugc::IngestEvents(const Caller& caller,
                               const common::v1::IngestEventsRequest& request,
                               common::v1::IngestEventsResponse* response) {
  NANO_RETURN_IF_ERROR(intake_.Ingest(caller, request, response));
  // Erased text must not linger in the log's old pages either: purged
  // once the erasure committed (not inside it: the purge takes a write
  // turn of its own).
  for (const common::v1::Event& event : request.events()) {
    if (event.has_ambassador_erased()) return db_.PurgeDeletedData();
  }
  return absl::OkStatus();
}

absl::Status Ugc::EraseAuthor(sql::Connection& tx,
                              const std::string& ambassador_id) {
  // Stored answers of the author's submissions hold their name and text.
  NANO_RETURN_IF_ERROR(idempotency::ForgetDataSubject(tx, ambassador_id));
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kContentColumns,
                            " FROM contents WHERE ambassador_id = ? AND "
                            "author_erased = 0"),
               {ambassador_id}));
  const auto now = Stamp(absl::Now());
  for (const sql::Row& row : rows.rows) {
    const v1::Content before = ContentFromRow(row);
    v1::Content after = before;
    after.clear_author_display_name();
    after.set_title(WithoutHandles(before.title()));
    after.set_body(WithoutHandles(before.body()));
    after.clear_public_url();  // often the address of the person's account
    after.set_author_erased(true);
    *after.mutable_updated_at() = now;
    NANO_RETURN_IF_ERROR(StoreContent(tx, before, after));
  }
  return absl::OkStatus();
}

absl::Status Ugc::ApplyEvent(sql::Connection& tx,
                             const common::v1::Event& event) {
  const std::string& producer = event.producer();
  const int64_t at = absl::ToUnixMicros(TimeOf(event.occurred_at()));
  if (producer == "recruitment" && event.has_campaign_opened()) {
    const auto& opened = event.campaign_opened();
    return tx
        .Execute(
            "INSERT INTO campaigns (campaign_id, brand_id, sku, opened_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (campaign_id) DO NOTHING",
            {opened.campaign_id(), opened.brand_id(), opened.sku(), at})
        .status();
  }
  if (producer == "recruitment" && event.has_campaign_closed()) {
    const auto& closed = event.campaign_closed();
    return tx
        .Execute(
            "INSERT INTO campaigns (campaign_id, brand_id, sku, closed, "
            "opened_at, closed_at) VALUES (?, ?, '', 1, ?, ?) ON CONFLICT "
            "(campaign_id) DO UPDATE SET closed = 1, closed_at = "
            "excluded.closed_at",
            {closed.campaign_id(), closed.brand_id(), at, at})
        .status();
  }
  if (producer == "recruitment" && event.has_ambassador_erased()) {
    return EraseAuthor(tx, event.ambassador_erased().ambassador_id());
  }
  if (producer == "dispatch" && event.has_sample_allocated()) {
    const auto& allocated = event.sample_allocated();
    return tx
        .Execute(
            "INSERT INTO campaign_skus (campaign_id, sku) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING",
            {allocated.campaign_id(), allocated.sku()})
        .status();
  }
  if (producer == "dispatch" && event.has_shipment_status_changed()) {
    const auto& changed = event.shipment_status_changed();
    if (changed.status() != common::v1::SHIPMENT_STATUS_DELIVERED) {
      return absl::OkStatus();
    }
    NANO_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO deliveries (campaign_id, ambassador_id, "
                   "delivered_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                   {changed.campaign_id(), changed.ambassador_id(),
                    absl::ToUnixMicros(TimeOf(changed.status_time()))})
            .status());
    return SetDelivery(tx, changed.campaign_id(), changed.ambassador_id(),
                       Delivery::kDelivered);
  }
  return absl::OkStatus();  // not an event ugc uses
}

}  // namespace nanoinfluence::ugc
