#include "libs/events/intake.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/events/event_fields.h"
#include "libs/events/outbox.h"
#include "libs/log/json_log.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::events {
namespace {

constexpr size_t kMaxIdLength = 64;
constexpr absl::string_view kRejectPayload =
    "type.nanoinfluence/events.Rejected";

absl::Status FieldError(int index, absl::string_view field,
                        absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("events[", index, "].", field, ": ", problem));
}

// Applies one event unless it was applied before; fills the response and
// collects the rejections (logged once the batch commits).
absl::Status ApplyOnce(
    sql::Connection& tx, const ApplyEvent& apply,
    const common::v1::Event& event, int64_t now_micros,
    common::v1::IngestEventsResponse* response,
    std::vector<std::pair<const common::v1::Event*, std::string>>* rejections) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet seen,
      tx.Query("SELECT 1 FROM applied_events WHERE event_id = ?",
               {event.event_id()}));
  if (!seen.rows.empty()) {
    response->add_duplicate_event_ids(event.event_id());
    return absl::OkStatus();
  }
  // A savepoint, so an event refused half-way leaves none of its writes.
  // Executed as a statement, compiled once per connection; a script would
  // be compiled again for every event.
  NANO_RETURN_IF_ERROR(tx.Execute("SAVEPOINT apply_event", {}).status());
  // An event out of form is never handed to the service (event_fields.h).
  const absl::Status form = CheckEventFields(event);
  absl::Status applied = form.ok() ? apply(tx, event) : Reject(form.message());
  std::string error;
  if (applied.ok()) {
    NANO_RETURN_IF_ERROR(tx.Execute("RELEASE apply_event", {}).status());
  } else if (IsRejection(applied)) {
    NANO_RETURN_IF_ERROR(
        tx.ExecuteScript("ROLLBACK TO apply_event; RELEASE apply_event"));
    error = std::string(applied.message());
    rejections->emplace_back(&event, error);
  } else {
    return applied;  // transient: the batch is retried
  }
  NANO_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO applied_events (event_id, producer, sequence, "
                 "outcome, error, applied_at) VALUES (?, ?, ?, ?, ?, ?)",
                 {event.event_id(), event.producer(), event.sequence(),
                  std::string(error.empty() ? "applied" : "rejected"),
                  error.empty() ? sql::Value(sql::kNull) : sql::Value(error),
                  now_micros})
          .status());
  if (error.empty()) {
    response->add_applied_event_ids(event.event_id());
  } else {
    response->add_rejected_event_ids(event.event_id());
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Reject(absl::string_view why) {
  absl::Status status = absl::InvalidArgumentError(why);
  status.SetPayload(kRejectPayload, absl::Cord("1"));
  return status;
}

bool IsRejection(const absl::Status& status) {
  return status.GetPayload(kRejectPayload).has_value();
}

absl::Status ValidateBatch(const common::v1::IngestEventsRequest& request) {
  if (request.producer().empty()) {
    return absl::InvalidArgumentError("producer: required");
  }
  if (request.events().empty() ||
      request.events_size() > EventIntake::kMaxBatch) {
    return absl::InvalidArgumentError(
        absl::StrCat("events: 1..", EventIntake::kMaxBatch, " events, got ",
                     request.events_size()));
  }
  int64_t previous_sequence = 0;
  for (int i = 0; i < request.events_size(); ++i) {
    const common::v1::Event& event = request.events(i);
    if (event.event_id().empty() || event.event_id().size() > kMaxIdLength) {
      return FieldError(i, "event_id", "1..64 characters");
    }
    if (event.producer() != request.producer()) {
      return FieldError(i, "producer", "differs from the batch's producer");
    }
    if (event.sequence() <= previous_sequence) {
      return FieldError(i, "sequence", "must be positive and increasing");
    }
    previous_sequence = event.sequence();
    const std::string type = PayloadType(event);
    if (type.empty()) return FieldError(i, "payload", "not set");
    if (event.type() != type) {
      return FieldError(i, "type", "does not name the payload's message");
    }
  }
  return absl::OkStatus();
}

absl::Status EventIntake::Ingest(const auth::Caller& caller,
                                 const common::v1::IngestEventsRequest& request,
                                 common::v1::IngestEventsResponse* response) {
  NANO_RETURN_IF_ERROR(ValidateBatch(request));
  if (caller.role == common::v1::ROLE_SERVICE &&
      caller.subject != request.producer()) {
    return absl::PermissionDeniedError(
        "producer: a service sends only its own events");
  }
  const absl::Time now = absl::Now();
  common::v1::IngestEventsResponse result;
  std::vector<std::pair<const common::v1::Event*, std::string>> rejections;
  NANO_RETURN_IF_ERROR(
      db_.Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
        for (const common::v1::Event& event : request.events()) {
          NANO_RETURN_IF_ERROR(ApplyOnce(tx, apply_, event,
                                         absl::ToUnixMicros(now), &result,
                                         &rejections));
        }
        return absl::OkStatus();
      }));
  for (const auto& [event, why] : rejections) {
    LogLine("error", "event rejected")
        .Add("event_id", event->event_id())
        .Add("producer", event->producer())
        .Add("type", event->type())
        .Add("error", why)
        .Emit();
  }
  *response = std::move(result);
  MaybePrune(now);
  return absl::OkStatus();
}

void EventIntake::MaybePrune(absl::Time now) {
  {
    absl::MutexLock lock(&prune_mu_);
    if (now - last_prune_ < absl::Hours(1)) return;
    last_prune_ = now;
  }
  absl::StatusOr<int64_t> pruned =
      db_.Execute("DELETE FROM applied_events WHERE applied_at < ?",
                  {absl::ToUnixMicros(now - retention_)});
  if (!pruned.ok()) {
    LogLine("warn", "applied events not pruned")
        .Add("error", pruned.status().ToString())
        .Emit();
  }
}

}  // namespace nanoinfluence::events
