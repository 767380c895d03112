#include "libs/events/outbox.h"

#include <cinttypes>
#include <cstdio>

#include "absl/random/random.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::events {

std::string PayloadType(const common::v1::Event& event) {
  const google::protobuf::OneofDescriptor* payload =
      common::v1::Event::descriptor()->FindOneofByName("payload");
  const google::protobuf::FieldDescriptor* field =
      event.GetReflection()->GetOneofFieldDescriptor(event, payload);
  return field == nullptr ? "" : field->message_type()->full_name();
}

std::string NewEventId() {
  // absl::BitGen is seeded from the OS entropy source, per thread.
  thread_local absl::BitGen random;
  // Version 7 (RFC 9562): the first 48 bits are the time in milliseconds, so
  // ids made one after the other sort together and a B-tree keyed by them
  // grows at its right edge instead of dirtying a random page per insert.
  const uint64_t millis =
      static_cast<uint64_t>(absl::ToUnixMillis(absl::Now()));
  uint64_t high = (millis << 16) | (absl::Uniform<uint64_t>(random) & 0x0FFF) |
                  uint64_t{0x7000};  // version 7
  uint64_t low =
      (absl::Uniform<uint64_t>(random) & uint64_t{0x3FFFFFFFFFFFFFFF}) |
      uint64_t{0x8000000000000000};  // variant 1
  const uint64_t node = low & uint64_t{0xFFFFFFFFFFFF};
  char text[37];
  std::snprintf(
      text, sizeof(text),
      "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%012" PRIx64,
      high >> 32, (high >> 16) & 0xFFFF, high & 0xFFFF, low >> 48, node);
  return text;
}

absl::StatusOr<common::v1::Event> Outbox::Append(
    sql::Connection& tx, common::v1::Event event) const {
  const std::string type = PayloadType(event);
  if (type.empty()) {
    return absl::InvalidArgumentError("event.payload: not set");
  }
  if (event.aggregate_type().empty() || event.aggregate_id().empty()) {
    return absl::InvalidArgumentError(
        "event.aggregate_type, event.aggregate_id: required");
  }
  event.set_event_id(NewEventId());
  event.set_type(type);
  event.set_producer(producer_);
  event.clear_sequence();  // the outbox row's sequence is the truth
  if (!event.has_occurred_at()) {
    *event.mutable_occurred_at() =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
            absl::ToUnixMicros(absl::Now()));
  }
  const int64_t timestamp =
      google::protobuf::util::TimeUtil::TimestampToMicroseconds(
          event.occurred_at());
  // The relay moves a subscriber's cursor to the outbox's head past events
  // it does not take (relay.cc, LoadBatch): that needs the outbox's rows to
  // commit in sequence order. SQLite's single writer does it; on PostgreSQL
  // the writers of several replicas take turns from here to their commit
  // (the lock conflicts with itself, not with readers).
  if (tx.dialect() == "postgresql") {
    NANO_RETURN_IF_ERROR(
        tx.ExecuteScript("LOCK TABLE outbox IN SHARE ROW EXCLUSIVE MODE"));
  }
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet inserted,
      tx.Query("INSERT INTO outbox (id, aggregatetype, aggregateid, type, "
               "payload, timestamp) VALUES (?, ?, ?, ?, ?, ?) "
               "RETURNING sequence",
               {event.event_id(), event.aggregate_type(), event.aggregate_id(),
                type, sql::Blob{event.SerializeAsString()}, timestamp}));
  event.set_sequence(inserted.rows.at(0).Int(0));
  return event;
}

}  // namespace nanoinfluence::events
