// The producing side of the event pipeline: a service records each fact it
// decides as an event in its outbox table, inside the transaction that makes
// the change, so the fact exists exactly when the change does.
//
//   NANO_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](Connection& tx) {
//     NANO_RETURN_IF_ERROR(SaveTier(tx, ...));
//     common::v1::Event event;
//     event.set_aggregate_type("ambassador");
//     event.set_aggregate_id(ambassador_id);
//     *event.mutable_tier_changed() = ...;
//     return outbox.Append(tx, std::move(event)).status();
//   }));
//
// The relay (relay.h) delivers the outbox to the subscribers.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/sql/database.h"
#include "nanoinfluence/common/v1/events.pb.h"

namespace nanoinfluence::events {

class Outbox {
 public:
  // `producer`: this service's name ("recruitment"), stamped on its events.
  explicit Outbox(std::string producer) : producer_(std::move(producer)) {}

  // Writes `event` in the caller's transaction `tx`. The payload and the
  // aggregate type and id must be set (INVALID_ARGUMENT otherwise); the
  // event id, type, producer and occurred-at (when unset) are filled in.
  // Returns the stored event with its `sequence`.
  absl::StatusOr<common::v1::Event> Append(sql::Connection& tx,
                                           common::v1::Event event) const;

  const std::string& producer() const { return producer_; }

 private:
  std::string producer_;
};

// The payload's full message name ("nanoinfluence.common.v1.TierChanged"),
// or "" when no payload is set.
std::string PayloadType(const common::v1::Event& event);

// A new time-ordered (version 7) UUID in its text form: random but for its
// leading 48 bits of milliseconds.
std::string NewEventId();

}  // namespace nanoinfluence::events
