#include "libs/events/relay.h"

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
  // Owned by the lane's thread; published for Stats().
  std::atomic<int64_t> cursor = 0;
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
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet saved,
        db.Query("SELECT delivered_sequence FROM outbox_cursors "
                 "WHERE subscriber = ?",
                 {subscriber.name}));
    lane->cursor = saved.rows.empty() ? 0 : saved.rows[0].Int(0);
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
    : db_(db), producer_(std::move(producer)), options_(options) {}

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
  }
  if (pruner_.joinable()) pruner_.join();
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
                                  ? lane.cursor.load()
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
  NANO_ASSIGN_OR_RETURN(std::unique_ptr<grpc::ClientContext> context,
                        lane.client->NewCall(kEventDeliveryDeadline));
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

absl::Status OutboxRelay::SaveCursor(const Lane& lane, int64_t cursor) {
  return db_
      .Execute(
          "INSERT INTO outbox_cursors (subscriber, delivered_sequence) "
          "VALUES (?, ?) ON CONFLICT (subscriber) DO UPDATE SET "
          "delivered_sequence = excluded.delivered_sequence "
          "WHERE excluded.delivered_sequence > "
          "outbox_cursors.delivered_sequence",
          {lane.subscriber.name, cursor})
      .status();
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
      if (!saved.ok()) {
        // Delivered but not recorded: redelivered later, and the intake
        // answers duplicates.
        if (!fail(saved)) return;
        continue;
      }
      lane.cursor = batch->next_cursor;
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
  int64_t delivered_everywhere = lanes_.front()->cursor;
  for (const auto& lane : lanes_) {
    delivered_everywhere =
        std::min<int64_t>(delivered_everywhere, lane->cursor);
  }
  return db_
      .Execute("DELETE FROM outbox WHERE sequence <= ? AND timestamp < ?",
               {delivered_everywhere,
                absl::ToUnixMicros(absl::Now() - options_.retention)})
      .status();
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
    stats.delivered_sequence = lane->cursor;
    stats.delivered_events = lane->delivered_events;
    stats.failures = lane->failures;
    {
      absl::MutexLock lock(&lane->error_mu);
      stats.last_error = lane->last_error;
    }
    const std::vector<sql::Value> params =
        lane->AfterCursor(stats.delivered_sequence);
    sql::ResultSet pending;
    NANO_RETURN_IF_ERROR(
        db_.Transact(sql::TxMode::kRead, [&](sql::Connection& c) {
          NANO_ASSIGN_OR_RETURN(
              pending, c.Query(absl::StrCat("SELECT COUNT(*), MIN(timestamp) "
                                            "FROM outbox WHERE sequence > ?",
                                            lane->type_filter),
                               params));
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
