#include "libs/events/relay.h"

#include <unistd.h>

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "libs/events/intake.h"
#include "libs/log/json_log.h"
#include "libs/status/grpc_status.h"
#include "libs/status/status_macros.h"
#include "libs/suite/peer_calls.h"
#include "libs/suite/suite_services.h"
#include "nanoinfluence/common/v1/events.pb.h"

namespace nanoinfluence::events {

constexpr char kEventPackage[] = "nanoinfluence.common.v1.";

struct OutboxRelay::Lane {
  Subscriber subscriber;
  std::string ingest_path;  // "/nanoinfluence.kpi.v1.KpiService/IngestEvents"
  // " AND type IN (?, ...)" with its values, or empty for every type.
  std::string type_filter;
  std::vector<sql::Value> type_values;

  // The parameters of "sequence > ?" followed by type_filter.
  std::vector<sql::Value> AfterCursor(int64_t after) const {
    std::vector<sql::Value> params = {after};
    params.insert(params.end(), type_values.begin(), type_values.end());
    return params;
  }
  std::unique_ptr<auth::PeerClient> client;
  std::unique_ptr<grpc::GenericStub> stub;
  std::thread thread;
  // Owned by the lane's thread: when this replica's lease ends (InfinitePast
  // while it holds none), and the cursor, valid while it holds one.
  absl::Time lease_until = absl::InfinitePast();
  int64_t cursor = 0;
  // Published for Stats().
  std::atomic<int64_t> delivered_events = 0;
  std::atomic<int64_t> failures = 0;
  absl::Mutex error_mu;
  std::string last_error ABSL_GUARDED_BY(error_mu);
  // Events per call; halved while the subscriber refuses a batch as too big.
  int batch_limit = 0;
  // The delivery in flight, for Stop() to cancel.
  absl::Mutex call_mu;
  grpc::ClientContext* in_flight ABSL_GUARDED_BY(call_mu) = nullptr;
  bool stopped ABSL_GUARDED_BY(call_mu) = false;
};

struct OutboxRelay::Batch {
  std::vector<common::v1::Event> events;
  // The cursor once `events` are acknowledged: past every outbox row this
  // lane has now seen, taken or not.
  int64_t next_cursor = 0;
};

absl::Duration Backoff(int failures, const RelayOptions& options,
                       absl::BitGenRef random) {
  absl::Duration ceiling = options.min_backoff;
  for (int i = 1; i < failures && ceiling < options.max_backoff; ++i) {
    ceiling *= 2;
  }
  ceiling = std::min(ceiling, options.max_backoff);
  return ceiling / 2 + absl::Uniform(random, 0.0, 0.5) * ceiling;
}

namespace {

// "<hostname>/<pid>": a name no other running relay has.
std::string DefaultReplicaName() {
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(host, "/", getpid());
}

// The types a subscriber takes, checked against the Event payloads.
absl::Status CheckEventTypes(const Subscriber& subscriber) {
  const google::protobuf::OneofDescriptor* payload =
      common::v1::Event::descriptor()->FindOneofByName("payload");
  for (const std::string& type : subscriber.event_types) {
    bool known = false;
    for (int i = 0; i < payload->field_count(); ++i) {
      known |= payload->field(i)->message_type()->name() == type;
    }
    if (!known) {
      return absl::InvalidArgumentError(absl::StrCat(
          "subscriber ", subscriber.name, ": \"", type,
          "\" is not an event type (an Event payload, e.g. TierChanged)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<OutboxRelay>> OutboxRelay::Start(
    sql::Database& db, std::string producer,
    std::vector<Subscriber> subscribers, const auth::PeerOptions& peer,
    RelayOptions options) {
  if (options.batch_size < 1 || options.batch_size > EventIntake::kMaxBatch) {
    return absl::InvalidArgumentError("relay batch size: 1..500");
  }
  if (options.lease < absl::Seconds(1)) {
    return absl::InvalidArgumentError("relay lease: at least 1 s");
  }
  std::unique_ptr<OutboxRelay> relay(
      new OutboxRelay(db, std::move(producer), options));
  absl::flat_hash_set<std::string> names;
  for (Subscriber& subscriber : subscribers) {
    const SuiteService* service = FindSuiteService(subscriber.name);
    if (service == nullptr || !names.insert(subscriber.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("subscriber ", subscriber.name,
                       ": not a service of the suite, or listed twice"));
    }
    NANO_RETURN_IF_ERROR(CheckEventTypes(subscriber));
    auto lane = std::make_unique<Lane>();
    lane->ingest_path = absl::StrCat("/", service->full_name, "/IngestEvents");
    lane->batch_limit = options.batch_size;
    if (!subscriber.event_types.empty()) {
      std::vector<std::string> marks;
      for (const std::string& type : subscriber.event_types) {
        marks.push_back("?");
        lane->type_values.push_back(absl::StrCat(kEventPackage, type));
      }
      lane->type_filter =
          absl::StrCat(" AND type IN (", absl::StrJoin(marks, ", "), ")");
    }
    auth::PeerOptions lane_peer = peer;
    lane_peer.address = subscriber.address;
    NANO_ASSIGN_OR_RETURN(lane->client, auth::PeerClient::Connect(lane_peer));
    lane->stub = std::make_unique<grpc::GenericStub>(lane->client->channel());
    // The row holds the lease even before the first delivery.
    NANO_RETURN_IF_ERROR(
        db.Execute(
              "INSERT INTO outbox_cursors (subscriber, delivered_sequence) "
              "VALUES (?, 0) ON CONFLICT (subscriber) DO NOTHING",
              {subscriber.name})
            .status());
    lane->subscriber = std::move(subscriber);
    relay->lanes_.push_back(std::move(lane));
  }
  for (auto& lane : relay->lanes_) {
    lane->thread =
        std::thread([&relay = *relay, &lane = *lane] { relay.RunLane(lane); });
  }
  relay->pruner_ = std::thread([&relay = *relay] { relay.RunPruner(); });
  return relay;
}

OutboxRelay::OutboxRelay(sql::Database& db, std::string producer,
                         RelayOptions options)
    : db_(db),
      producer_(std::move(producer)),
      options_(options),
      replica_(options.replica.empty() ? DefaultReplicaName()
                                       : options.replica) {}

OutboxRelay::~OutboxRelay() { Stop(); }

void OutboxRelay::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  // A delivery in flight would otherwise hold the stop until its deadline;
  // a cancelled one is simply sent again after the restart.
  for (auto& lane : lanes_) {
    absl::MutexLock lock(&lane->call_mu);
    lane->stopped = true;
    if (lane->in_flight != nullptr) lane->in_flight->TryCancel();
  }
  for (auto& lane : lanes_) {
    if (lane->thread.joinable()) lane->thread.join();
    // Another replica takes over now rather than when the lease expires.
    absl::Status released = ReleaseLease(*lane);
    if (!released.ok()) {
      LogLine("warn", "delivery lease not released")
          .Add("subscriber", lane->subscriber.name)
          .Add("error", released.ToString())
          .Emit();
    }
  }
  if (pruner_.joinable()) pruner_.join();
}

absl::StatusOr<bool> OutboxRelay::HoldLease(Lane& lane) {
  const absl::Time now = absl::Now();
  if (lane.lease_until - now > options_.lease / 2) return true;
  const bool was_held = lane.lease_until > now;
  const absl::Time until = now + options_.lease;
  NANO_ASSIGN_OR_RETURN(
      int64_t claimed,
      db_.Execute(
          "UPDATE outbox_cursors SET lease_owner = ?, lease_until = ? "
          "WHERE subscriber = ? AND (lease_owner = ? OR lease_until < ?)",
          {replica_, absl::ToUnixMicros(until), lane.subscriber.name, replica_,
           absl::ToUnixMicros(now)}));
  if (claimed == 0) {
    lane.lease_until = absl::InfinitePast();
    return false;
  }
  if (!was_held) {
    // Another replica may have delivered while this one held no lease.
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet saved,
        db_.Query("SELECT delivered_sequence FROM outbox_cursors "
                  "WHERE subscriber = ?",
                  {lane.subscriber.name}));
    lane.cursor = saved.rows.at(0).Int(0);
  }
  lane.lease_until = until;
  return true;
}

absl::Status OutboxRelay::ReleaseLease(const Lane& lane) {
  return db_
      .Execute(
          "UPDATE outbox_cursors SET lease_owner = '', lease_until = 0 "
          "WHERE subscriber = ? AND lease_owner = ?",
          {lane.subscriber.name, replica_})
      .status();
}

bool OutboxRelay::Wait(absl::Duration duration) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), duration);
  return !stopping_;
}

absl::StatusOr<OutboxRelay::Batch> OutboxRelay::LoadBatch(const Lane& lane) {
  Batch batch;
  std::vector<sql::Value> params = lane.AfterCursor(lane.cursor);
  params.push_back(int64_t{lane.batch_limit});
  // One read transaction: the head and the rows come from the same snapshot.
  // The outbox's rows commit in sequence order (SQLite's single writer; on
  // PostgreSQL the lock Outbox::Append takes), so no row at or below the
  // head can appear later, and the cursor may jump to the head past events
  // this subscriber does not take.
  NANO_RETURN_IF_ERROR(
      db_.Transact(sql::TxMode::kRead, [&](sql::Connection& c) {
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet head,
            c.Query("SELECT COALESCE(MAX(sequence), 0) FROM outbox"));
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet rows,
            c.Query(
                absl::StrCat("SELECT sequence, payload FROM outbox "
                             "WHERE sequence > ?",
                             lane.type_filter, " ORDER BY sequence LIMIT ?"),
                params));
        batch.events.clear();
        for (const sql::Row& row : rows.rows) {
          common::v1::Event& event = batch.events.emplace_back();
          if (!event.ParseFromString(row.Text(1))) {
            return absl::DataLossError(absl::StrCat("outbox row ", row.Int(0),
                                                    ": unreadable payload"));
          }
          event.set_sequence(row.Int(0));
        }
        const bool full =
            static_cast<int>(rows.rows.size()) == lane.batch_limit;
        if (full) {
          batch.next_cursor = batch.events.empty()
                                  ? lane.cursor
                                  : batch.events.back().sequence();
        } else {
          batch.next_cursor = head.rows.at(0).Int(0);
        }
        return absl::OkStatus();
      }));
  return batch;
}

absl::Status OutboxRelay::Deliver(Lane& lane, const Batch& batch) {
  common::v1::IngestEventsRequest request;
  request.set_producer(producer_);
  for (const common::v1::Event& event : batch.events) {
    *request.add_events() = event;
  }
  // The answer must be back before the lease could pass to another replica.
  const absl::Duration deadline =
      std::min(kEventDeliveryDeadline,
               lane.lease_until - absl::Now() - options_.lease / 10);
  if (deadline <= absl::ZeroDuration()) {
    return absl::UnavailableError("delivery lease about to expire");
  }
  NANO_ASSIGN_OR_RETURN(std::unique_ptr<grpc::ClientContext> context,
                        lane.client->NewCall(deadline));
  grpc::ByteBuffer request_bytes;
  bool own_buffer = false;
  grpc::Status serialized =
      grpc::SerializationTraits<common::v1::IngestEventsRequest>::Serialize(
          request, &request_bytes, &own_buffer);
  if (!serialized.ok()) return FromGrpcStatus(serialized);
  {
    absl::MutexLock lock(&lane.call_mu);
    if (lane.stopped) return absl::CancelledError("relay stopping");
    lane.in_flight = context.get();
  }
  grpc::ByteBuffer response_bytes;
  absl::Notification done;
  grpc::Status status;
  lane.stub->UnaryCall(context.get(), lane.ingest_path, {}, &request_bytes,
                       &response_bytes, [&](grpc::Status s) {
                         status = std::move(s);
                         done.Notify();
                       });
  done.WaitForNotification();
  {
    absl::MutexLock lock(&lane.call_mu);
    lane.in_flight = nullptr;
  }
  if (!status.ok()) return FromGrpcStatus(status);
  common::v1::IngestEventsResponse response;
  grpc::Status parsed =
      grpc::SerializationTraits<common::v1::IngestEventsResponse>::Deserialize(
          &response_bytes, &response);
  if (!parsed.ok()) return FromGrpcStatus(parsed);
  // Every event sent must be answered for, and nothing else.
  absl::flat_hash_set<std::string> unanswered;
  for (const common::v1::Event& event : batch.events) {
    unanswered.insert(event.event_id());
  }
  size_t answered = 0;
  for (const auto* ids :
       {&response.applied_event_ids(), &response.duplicate_event_ids(),
        &response.rejected_event_ids()}) {
    for (const std::string& id : *ids) answered += unanswered.erase(id);
  }
  if (!unanswered.empty() || answered != batch.events.size()) {
    return absl::InternalError(absl::StrCat(
        lane.subscriber.name, " did not answer for every event of the batch"));
  }
  return absl::OkStatus();
}

absl::Status OutboxRelay::SaveCursor(Lane& lane, int64_t cursor) {
  const absl::Time until = absl::Now() + options_.lease;
  NANO_ASSIGN_OR_RETURN(
      int64_t saved,
      db_.Execute(
          "UPDATE outbox_cursors SET delivered_sequence = ?, "
          "lease_until = ? WHERE subscriber = ? AND lease_owner = ?",
          {cursor, absl::ToUnixMicros(until), lane.subscriber.name, replica_}));
  if (saved == 0) {
    lane.lease_until = absl::InfinitePast();
    return absl::FailedPreconditionError(
        "delivery lease taken over by another replica");
  }
  lane.cursor = cursor;
  lane.lease_until = until;
  return absl::OkStatus();
}

void OutboxRelay::RunLane(Lane& lane) {
  absl::BitGen random;
  int failures_in_a_row = 0;
  auto fail = [&](const absl::Status& error) {
    ++lane.failures;
    ++failures_in_a_row;
    {
      absl::MutexLock lock(&lane.error_mu);
      lane.last_error = error.ToString();
    }
    // The first failure of a run is worth a line; the rest are counted.
    if (failures_in_a_row == 1) {
      LogLine("warn", "event delivery failed")
          .Add("subscriber", lane.subscriber.name)
          .Add("error", error.ToString())
          .Emit();
    }
    return Wait(Backoff(failures_in_a_row, options_, random));
  };
  while (true) {
    absl::StatusOr<bool> held = HoldLease(lane);
    if (!held.ok()) {
      if (!fail(held.status())) return;
      continue;
    }
    if (!*held) {
      // Another replica delivers: look again soon, so that a lease given up
      // on a stop is taken over within a second.
      if (!Wait(std::min(options_.lease / 4, absl::Seconds(1)))) return;
      continue;
    }
    absl::StatusOr<Batch> batch = LoadBatch(lane);
    if (!batch.ok()) {
      if (!fail(batch.status())) return;
      continue;
    }
    if (!batch->events.empty()) {
      absl::Status delivered = Deliver(lane, *batch);
      if (!delivered.ok()) {
        // Too big for the subscriber's message limit: smaller batches.
        if (delivered.code() == absl::StatusCode::kResourceExhausted) {
          lane.batch_limit = std::max(1, lane.batch_limit / 2);
        }
        if (!fail(delivered)) return;
        continue;
      }
      lane.batch_limit = std::min(options_.batch_size, lane.batch_limit * 2);
      lane.delivered_events += static_cast<int64_t>(batch->events.size());
    }
    if (batch->next_cursor > lane.cursor) {
      absl::Status saved = SaveCursor(lane, batch->next_cursor);
      if (absl::IsFailedPrecondition(saved)) {
        LogLine("warn", "delivery lease lost")
            .Add("subscriber", lane.subscriber.name)
            .Emit();
        continue;
      }
      if (!saved.ok()) {
        // Delivered but not recorded: redelivered later, and the intake
        // answers duplicates.
        if (!fail(saved)) return;
        continue;
      }
    }
    if (failures_in_a_row > 0) {
      LogLine("info", "event delivery recovered")
          .Add("subscriber", lane.subscriber.name)
          .Add("failed_attempts", failures_in_a_row)
          .Emit();
      failures_in_a_row = 0;
    }
    if (batch->events.empty() && !Wait(options_.poll_interval)) return;
    if (!Wait(absl::ZeroDuration())) return;
  }
}

absl::Status OutboxRelay::Prune() {
  if (lanes_.empty()) return absl::OkStatus();  // a CDC pipeline may read it
  // The stored cursors: whichever replica delivered.
  std::vector<std::string> marks;
  std::vector<sql::Value> params;
  for (const auto& lane : lanes_) {
    marks.push_back("?");
    params.push_back(lane->subscriber.name);
  }
  params.push_back(absl::ToUnixMicros(absl::Now() - options_.retention));
  return db_.Transact(sql::TxMode::kWrite, [&](sql::Connection& c) {
    return c
        .Execute(
            absl::StrCat("DELETE FROM outbox WHERE sequence <= "
                         "(SELECT MIN(delivered_sequence) FROM "
                         "outbox_cursors WHERE subscriber IN (",
                         absl::StrJoin(marks, ", "), ")) AND timestamp < ?"),
            params)
        .status();
  });
}

void OutboxRelay::RunPruner() {
  while (Wait(options_.prune_interval)) {
    absl::Status pruned = Prune();
    if (!pruned.ok()) {
      LogLine("warn", "outbox not pruned")
          .Add("error", pruned.ToString())
          .Emit();
    }
  }
}

absl::StatusOr<std::vector<SubscriberStats>> OutboxRelay::Stats() {
  std::vector<SubscriberStats> all;
  const int64_t now = absl::ToUnixMicros(absl::Now());
  for (const auto& lane : lanes_) {
    SubscriberStats stats;
    stats.name = lane->subscriber.name;
    stats.delivered_events = lane->delivered_events;
    stats.failures = lane->failures;
    {
      absl::MutexLock lock(&lane->error_mu);
      stats.last_error = lane->last_error;
    }
    sql::ResultSet pending;
    // The stored cursor and what is pending after it, from one snapshot:
    // another replica may be the one delivering.
    NANO_RETURN_IF_ERROR(
        db_.Transact(sql::TxMode::kRead, [&](sql::Connection& c) {
          NANO_ASSIGN_OR_RETURN(
              sql::ResultSet cursor,
              c.Query("SELECT delivered_sequence, lease_owner, lease_until "
                      "FROM outbox_cursors WHERE subscriber = ?",
                      {stats.name}));
          const sql::Row& row = cursor.rows.at(0);
          stats.delivered_sequence = row.Int(0);
          stats.lease_owner = row.Int(2) > now ? row.Text(1) : "";
          NANO_ASSIGN_OR_RETURN(
              pending, c.Query(absl::StrCat("SELECT COUNT(*), MIN(timestamp) "
                                            "FROM outbox WHERE sequence > ?",
                                            lane->type_filter),
                               lane->AfterCursor(stats.delivered_sequence)));
          return absl::OkStatus();
        }));
    stats.pending = pending.rows.at(0).Int(0);
    if (stats.pending > 0) {
      stats.oldest_pending_age =
          absl::Microseconds(now - pending.rows.at(0).Int(1));
    }
    all.push_back(std::move(stats));
  }
  return all;
}

}  // namespace nanoinfluence::events
