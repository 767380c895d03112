// What dispatch takes from the other services' events: campaigns opening
// and closing (recruitment), erasures, and testers' content (ugc).
#include "absl/strings/str_cat.h"
#include "libs/idempotency/idempotency.h"
#include "libs/status/status_macros.h"
#include "libs/validation/timestamps.h"
#include "services/dispatch/dispatch.h"

namespace nanoinfluence::dispatch {

absl::Status Dispatch::IngestEvents(
    const Caller& caller, const common::v1::IngestEventsRequest& request,
    common::v1::IngestEventsResponse* response) {
  return intake_.Ingest(caller, request, response);
}

absl::Status Dispatch::EraseAmbassador(sql::Connection& tx,
                                       const std::string& ambassador_id) {
  // Stored answers holding the person's address go too.
  NANO_RETURN_IF_ERROR(idempotency::ForgetDataSubject(tx, ambassador_id));
  // A parcel not sent yet never will be: its units go back to the stock
  // and its test closes NOT_DELIVERED.
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet unsent,
      tx.Query(
          absl::StrCat("SELECT ", kShipmentColumns,
                       " FROM shipments WHERE ambassador_id = ? AND "
                       "status = ? AND test_outcome = 0"),
          {ambassador_id, int64_t{common::v1::SHIPMENT_STATUS_ALLOCATED}}));
  const absl::Time now = absl::Now();
  for (const sql::Row& found : unsent.rows) {
    ShipmentRow row = ShipmentFromRow(found);
    NANO_ASSIGN_OR_RETURN(
        std::optional<v1::Stock> line,
        LoadStock(tx, row.shipment.campaign_id(), row.shipment.sku()));
    if (line.has_value()) {
      const int quantity = row.shipment.quantity();
      NANO_RETURN_IF_ERROR(
          ApplyDelta({.available = quantity, .allocated = -quantity}, &*line));
      *line->mutable_update_time() = Stamp(now);
      NANO_RETURN_IF_ERROR(StoreStock(tx, *line));
    }
    NANO_RETURN_IF_ERROR(
        CloseTest(tx, row, common::v1::TEST_OUTCOME_NOT_DELIVERED, now));
  }
  // The address snapshots of every other shipment of the person.
  return tx
      .Execute("UPDATE shipments SET address = NULL WHERE ambassador_id = ?",
               {ambassador_id})
      .status();
}

absl::Status Dispatch::ApplyEvent(sql::Connection& tx,
                                  const common::v1::Event& event) {
  const std::string& producer = event.producer();
  const int64_t at = absl::ToUnixMicros(TimeOf(event.occurred_at()));
  if (producer == "recruitment" && event.has_campaign_opened()) {
    const auto& opened = event.campaign_opened();
    return tx
        .Execute(
            "INSERT INTO campaigns (campaign_id, brand_id, opened_at) "
            "VALUES (?, ?, ?) ON CONFLICT (campaign_id) DO NOTHING",
            {opened.campaign_id(), opened.brand_id(), at})
        .status();
  }
  if (producer == "recruitment" && event.has_campaign_closed()) {
    const auto& closed = event.campaign_closed();
    // Opened and closed may arrive in one batch, never out of order; a
    // close of a campaign never opened records it closed.
    return tx
        .Execute(
            "INSERT INTO campaigns (campaign_id, brand_id, closed, "
            "opened_at, closed_at) VALUES (?, ?, 1, ?, ?) ON CONFLICT "
            "(campaign_id) DO UPDATE SET closed = 1, closed_at = "
            "excluded.closed_at",
            {closed.campaign_id(), closed.brand_id(), at, at})
        .status();
  }
  if (producer == "recruitment" && event.has_ambassador_erased()) {
    return EraseAmbassador(tx, event.ambassador_erased().ambassador_id());
  }
  const common::v1::ContentFacts* content = nullptr;
  common::v1::ContentStatus status = common::v1::CONTENT_STATUS_UNSPECIFIED;
  if (producer == "ugc" && event.has_content_submitted()) {
    content = &event.content_submitted().content();
    status = event.content_submitted().status();
  } else if (producer == "ugc" && event.has_content_moderated()) {
    content = &event.content_moderated().content();
    status = event.content_moderated().status();
  }
  if (content == nullptr) return absl::OkStatus();  // not an event we use
  const int64_t submitted_at =
      absl::ToUnixMicros(TimeOf(content->submitted_at()));
  NANO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO posts (content_id, campaign_id, ambassador_id, "
                 "status, submitted_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                 "(content_id) DO UPDATE SET status = excluded.status",
                 {content->content_id(), content->campaign_id(),
                  content->ambassador_id(), int64_t{status}, submitted_at})
          .status());
  // The tester's first approved post, for the test's outcome.
  return tx
      .Execute(
          "UPDATE shipments SET first_post_at = (SELECT MIN(submitted_at) "
          "FROM posts WHERE posts.campaign_id = shipments.campaign_id AND "
          "posts.ambassador_id = shipments.ambassador_id AND "
          "posts.status = ?) WHERE campaign_id = ? AND ambassador_id = ? "
          "AND test_outcome = 0",
          {int64_t{common::v1::CONTENT_STATUS_APPROVED}, content->campaign_id(),
           content->ambassador_id()})
      .status();
}

}  // namespace nanoinfluence::dispatch
