// UpdateShipmentStatus and ImportTrackingUpdates: the status changes a 3PL
// or ops report, one by one or as a tracking file.
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/auth/tenancy.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/dispatch/dispatch.h"

namespace nanoinfluence::dispatch {
namespace {

using validation::InvalidField;
using validation::Nested;

constexpr int kMaxImportLines = 50'000;
constexpr int kMaxLinesPerMessage = 1'000;

absl::Status CheckCarrier(absl::string_view field, absl::string_view carrier) {
  if (carrier.empty()) return InvalidField(field, "required");
  if (carrier.size() > 32) return InvalidField(field, "at most 32 characters");
  for (char c : carrier) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_' &&
        c != '-') {
      return InvalidField(field, "only a-z, 0-9, '_' and '-'");
    }
  }
  return absl::OkStatus();
}

// The checked change; `prefix` names the fields ("" or "updates[3]").
struct ChangeFields {
  common::v1::ShipmentStatus status;
  absl::string_view carrier;
  absl::string_view tracking_number;
  absl::string_view tracking_url;
  const google::protobuf::Timestamp* status_time;  // null: now
  absl::string_view note;
  std::string tracking_field = "tracking_number";
};

absl::StatusOr<StatusChange> CheckChange(absl::string_view prefix,
                                         const ChangeFields& in,
                                         absl::Time now) {
  StatusChange change;
  NANO_RETURN_IF_ERROR(
      validation::CheckEnum(Nested(prefix, "status"), in.status));
  change.status = in.status;
  // Checked whatever the status: a carrier reporting a delivery may repeat
  // its code and tracking number, but a malformed value is refused, never
  // silently dropped. Only SHIPPED records them (docs/dispatch.md).
  const bool shipped = in.status == common::v1::SHIPMENT_STATUS_SHIPPED;
  if (shipped || !in.carrier.empty()) {
    NANO_RETURN_IF_ERROR(CheckCarrier(Nested(prefix, "carrier"), in.carrier));
  }
  std::string tracking_number;
  if (shipped || !in.tracking_number.empty()) {
    NANO_ASSIGN_OR_RETURN(
        tracking_number,
        validation::CleanText(Nested(prefix, in.tracking_field),
                              in.tracking_number, {1, 64}));
  }
  if (!in.tracking_url.empty()) {
    NANO_RETURN_IF_ERROR(validation::CheckHttpsUrl(
        Nested(prefix, "tracking_url"), in.tracking_url));
  }
  if (shipped) {
    change.carrier = std::string(in.carrier);
    change.tracking_number = std::move(tracking_number);
    change.tracking_url = std::string(in.tracking_url);
  }
  change.status_time = now;
  if (in.status_time != nullptr) {
    const std::string field = Nested(prefix, "status_time");
    NANO_RETURN_IF_ERROR(validation::CheckTimestamp(field, *in.status_time));
    change.status_time = TimeOf(*in.status_time);
    if (change.status_time > now + absl::Minutes(5)) {
      return InvalidField(field, "more than 5 minutes in the future");
    }
  }
  NANO_ASSIGN_OR_RETURN(
      change.note,
      validation::CleanText(Nested(prefix, "note"), in.note, {0, 500, true}));
  return change;
}

}  // namespace

absl::Status Dispatch::UpdateShipmentStatus(
    const Caller& caller, const v1::UpdateShipmentStatusRequest& request,
    v1::UpdateShipmentStatusResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("shipment_id", request.shipment_id()));
  NANO_ASSIGN_OR_RETURN(
      const StatusChange change,
      CheckChange(
          "",
          {.status = request.status(),
           .carrier = request.carrier(),
           .tracking_number = request.tracking_number(),
           .tracking_url = request.tracking_url(),
           .status_time =
               request.has_status_time() ? &request.status_time() : nullptr,
           .note = request.note()},
          absl::Now()));
  return Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string* data_subject) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(
            ShipmentRow row,
            LoadVisibleShipment(tx, caller, request.shipment_id()));
        *data_subject =
            row.shipment.ambassador_id();  // the answer holds the address
        bool changed = false;
        NANO_RETURN_IF_ERROR(ChangeStatus(tx, change, row, &changed));
        response->set_changed(changed);
        *response->mutable_shipment() = std::move(row.shipment);
        response->mutable_shipment()->clear_history();
        return LoadHistory(tx, {response->mutable_shipment()});
      });
}

absl::Status Dispatch::ImportTrackingUpdates(
    const Caller& caller,
    const std::vector<v1::ImportTrackingUpdatesRequest>& messages,
    v1::ImportTrackingUpdatesResponse* response) {
  // The whole file as one request: its id and its lines, for idempotency.
  v1::ImportTrackingUpdatesRequest file;
  for (size_t m = 0; m < messages.size(); ++m) {
    const v1::ImportTrackingUpdatesRequest& message = messages[m];
    if (m == 0) {
      NANO_RETURN_IF_ERROR(validation::CheckRequestId(message.request_id()));
      file.set_request_id(message.request_id());
    } else if (!message.request_id().empty() &&
               message.request_id() != file.request_id()) {
      return InvalidField("request_id",
                          "a later message names another request_id");
    }
    if (message.updates_size() > kMaxLinesPerMessage) {
      return InvalidField("updates", "at most 1,000 lines per message");
    }
    if (file.updates_size() + message.updates_size() > kMaxImportLines) {
      return InvalidField("updates", "at most 50,000 lines per import");
    }
    file.mutable_updates()->MergeFrom(message.updates());
  }
  if (messages.empty()) return InvalidField("request_id", "required");
  if (file.updates_size() == 0) return InvalidField("updates", "no line");
  const absl::Time now = absl::Now();
  return Write(
      caller, file, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        // Shipments an earlier line of this file moved.
        absl::flat_hash_set<std::string> touched;
        for (int i = 0; i < file.updates_size(); ++i) {
          const v1::TrackingUpdate& line = file.updates(i);
          v1::TrackingLineResult* result = response->add_results();
          result->set_line_number(i + 1);
          const auto reject = [&](v1::TrackingRejectReason reason,
                                  absl::string_view detail) {
            result->set_outcome(v1::TRACKING_LINE_OUTCOME_REJECTED);
            result->set_reason(reason);
            result->set_detail(std::string(detail.substr(0, 200)));
          };
          const std::string prefix = validation::Indexed("updates", i);
          // Which shipment.
          std::optional<ShipmentRow> row;
          if (line.has_shipment_id()) {
            if (!validation::IsUuid(line.shipment_id())) {
              reject(v1::TRACKING_REJECT_REASON_INVALID_FIELD,
                     absl::StrCat(prefix, ".shipment_id: not a UUID"));
              continue;
            }
            NANO_ASSIGN_OR_RETURN(row, LoadShipment(tx, line.shipment_id()));
          } else if (line.has_tracking_number()) {
            if (const absl::Status carrier =
                    CheckCarrier(Nested(prefix, "carrier"), line.carrier());
                !carrier.ok()) {
              reject(v1::TRACKING_REJECT_REASON_INVALID_FIELD,
                     carrier.message());
              continue;
            }
            NANO_ASSIGN_OR_RETURN(row, FindByTracking(tx, line.carrier(),
                                                      line.tracking_number()));
          } else {
            reject(v1::TRACKING_REJECT_REASON_INVALID_FIELD,
                   absl::StrCat(prefix,
                                ".shipment: shipment_id or "
                                "tracking_number required"));
            continue;
          }
          if (line.status() == common::v1::SHIPMENT_STATUS_SHIPPED &&
              !line.has_shipment_id()) {
            reject(v1::TRACKING_REJECT_REASON_INVALID_FIELD,
                   absl::StrCat(prefix,
                                ".shipment_id: a SHIPPED line is keyed "
                                "by shipment_id"));
            continue;
          }
          absl::StatusOr<StatusChange> change = CheckChange(
              prefix,
              {.status = line.status(),
               .carrier = line.carrier(),
               .tracking_number = line.new_tracking_number(),
               .tracking_url = line.tracking_url(),
               .status_time =
                   line.has_status_time() ? &line.status_time() : nullptr,
               .note = "",
               .tracking_field = "new_tracking_number"},
              now);
          if (!change.ok()) {
            reject(v1::TRACKING_REJECT_REASON_INVALID_FIELD,
                   change.status().message());
            continue;
          }
          if (!row.has_value()) {
            reject(v1::TRACKING_REJECT_REASON_SHIPMENT_NOT_FOUND,
                   "no such shipment");
            continue;
          }
          result->set_shipment_id(row->shipment.shipment_id());
          const v1::Shipment& s = row->shipment;
          if (s.status() == common::v1::SHIPMENT_STATUS_LOST &&
              change->status == common::v1::SHIPMENT_STATUS_ALLOCATED) {
            if (s.reship_count() > 0) {
              reject(v1::TRACKING_REJECT_REASON_RESHIP_LIMIT,
                     "re-shipped once already");
              continue;
            }
            NANO_ASSIGN_OR_RETURN(std::optional<v1::Stock> stock,
                                  LoadStock(tx, s.campaign_id(), s.sku()));
            if (!stock.has_value() || stock->units_available() < s.quantity()) {
              reject(v1::TRACKING_REJECT_REASON_OUT_OF_STOCK,
                     "no unit is available to re-ship");
              continue;
            }
          }
          bool changed = false;
          const absl::Status applied =
              ChangeStatus(tx, *change, *row, &changed);
          if (absl::IsFailedPrecondition(applied)) {
            reject(touched.contains(s.shipment_id())
                       ? v1::TRACKING_REJECT_REASON_CONFLICTING_LINE
                       : v1::TRACKING_REJECT_REASON_INVALID_TRANSITION,
                   applied.message());
            continue;
          }
          if (absl::IsInvalidArgument(applied)) {
            reject(v1::TRACKING_REJECT_REASON_INVALID_FIELD,
                   absl::StrCat(prefix, ".", applied.message()));
            continue;
          }
          NANO_RETURN_IF_ERROR(applied);
          if (changed) touched.insert(s.shipment_id());
          result->set_outcome(changed ? v1::TRACKING_LINE_OUTCOME_APPLIED
                                      : v1::TRACKING_LINE_OUTCOME_UNCHANGED);
        }
        response->set_line_count(file.updates_size());
        for (const v1::TrackingLineResult& r : response->results()) {
          switch (r.outcome()) {
            case v1::TRACKING_LINE_OUTCOME_APPLIED:
              response->set_applied_count(response->applied_count() + 1);
              break;
            case v1::TRACKING_LINE_OUTCOME_UNCHANGED:
              response->set_unchanged_count(response->unchanged_count() + 1);
              break;
            default:
              response->set_rejected_count(response->rejected_count() + 1);
          }
        }
        return absl::OkStatus();
      });
}

}  // namespace nanoinfluence::dispatch
