// The event pipeline in process, on real SQLite files and real gRPC over
// loopback: the outbox, the intake's idempotence and its treatment of bad
// batches, and the relay's ordering, batching, retries with backoff,
// per-subscriber cursors and routing, restarts and pruning.
#include <regex>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/events/intake.h"
#include "libs/events/outbox.h"
#include "libs/events/relay.h"
#include "libs/status/status_macros.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.grpc.pb.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/events/ledger.h"
#include "tests/events/ledger_subscriber.h"
#include "tests/harness/eventually.h"
#include "tests/harness/in_process_server.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {
namespace {

using ::testing::HasSubstr;
using KpiSubscriber = LedgerSubscriber<kpi::v1::KpiService>;
using DispatchSubscriber = LedgerSubscriber<dispatch::v1::DispatchService>;

constexpr char kProducer[] = "ledger";

events::Subscriber To(const std::string& name, const std::string& address,
                      std::vector<std::string> event_types = {}) {
  return {.name = name, .address = address, .event_types = event_types};
}

int64_t Scalar(sql::Database& db, const std::string& query) {
  auto result = db.Query(query);
  return result.ok() && !result->rows.empty() ? result->rows[0].Int(0) : -1;
}

events::RelayOptions Options(int batch_size,
                             absl::Duration retention = absl::Hours(24),
                             absl::Duration prune_interval = absl::Minutes(1)) {
  events::RelayOptions options;
  options.batch_size = batch_size;
  options.retention = retention;
  options.prune_interval = prune_interval;
  return options;
}

class EventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    producer_db_ = OpenLedgerDatabase(dir_.File("producer.db")).value();
    subscriber_db_ = OpenLedgerDatabase(dir_.File("kpi.db")).value();
  }

  void Write(int count) {
    for (int i = 0; i < count; ++i) {
      const int64_t write_no = ++writes_;
      ASSERT_TRUE(RecordWrite(*producer_db_, outbox_, write_no,
                              LedgerContentId(write_no % 3), write_no)
                      .ok());
    }
  }

  std::unique_ptr<events::OutboxRelay> StartRelay(
      std::vector<events::Subscriber> subscribers,
      events::RelayOptions options = {}) {
    return StartRelayOn(*producer_db_, std::move(subscribers), options);
  }
  // A relay on another connection to the producer's database: another
  // replica of the producing service.
  std::unique_ptr<events::OutboxRelay> StartRelayOn(
      sql::Database& db, std::vector<events::Subscriber> subscribers,
      events::RelayOptions options = {}) {
    options.min_backoff = absl::Milliseconds(10);
    options.max_backoff = absl::Milliseconds(100);
    auth::PeerOptions peer;
    peer.tokens = TestTokenSettings();
    peer.caller_name = kProducer;
    auto relay = events::OutboxRelay::Start(
        db, kProducer, std::move(subscribers), peer, options);
    EXPECT_TRUE(relay.ok()) << relay.status();
    return relay.ok() ? std::move(*relay) : nullptr;
  }

  int64_t Applied() {
    return Scalar(*subscriber_db_, "SELECT COUNT(*) FROM arrivals");
  }
  // The sequences in the order the subscriber applied them.
  std::vector<int64_t> ArrivalOrder() {
    std::vector<int64_t> order;
    auto rows =
        subscriber_db_->Query("SELECT sequence FROM arrivals ORDER BY arrival");
    if (!rows.ok()) return order;
    for (const sql::Row& row : rows->rows) order.push_back(row.Int(0));
    return order;
  }
  static std::vector<int64_t> OneTo(int n) {
    std::vector<int64_t> all;
    for (int i = 1; i <= n; ++i) all.push_back(i);
    return all;
  }

  TempDir dir_;
  events::Outbox outbox_{kProducer};
  std::unique_ptr<sql::Database> producer_db_;
  std::unique_ptr<sql::Database> subscriber_db_;
  int64_t writes_ = 0;
};

TEST_F(EventsTest, OutboxFillsTheEnvelopeInTheCallersTransaction) {
  Write(2);
  auto rows = producer_db_->Query(
      "SELECT sequence, id, type, aggregatetype, aggregateid, payload "
      "FROM outbox ORDER BY sequence");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->rows.size(), 2u);
  const std::regex uuid_v7(
      "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (int i = 0; i < 2; ++i) {
    const sql::Row& row = rows->rows[i];
    EXPECT_EQ(row.Int(0), i + 1);
    EXPECT_TRUE(std::regex_match(row.Text(1), uuid_v7)) << row.Text(1);
    EXPECT_EQ(row.Text(2), "nanoinfluence.common.v1.EngagementUpdated");
    EXPECT_EQ(row.Text(3), "content");
    common::v1::Event event;
    ASSERT_TRUE(event.ParseFromString(row.Text(5)));
    EXPECT_EQ(event.event_id(), row.Text(1));
    EXPECT_EQ(event.producer(), kProducer);
    EXPECT_TRUE(event.has_occurred_at());
  }
  // A failed transaction leaves no event behind; a payload is required.
  absl::Status failed =
      producer_db_->Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
        common::v1::Event event;
        event.set_aggregate_type("content");
        event.set_aggregate_id("c");
        event.mutable_engagement_updated()->set_views(1);
        EXPECT_TRUE(outbox_.Append(tx, event).ok());
        return absl::AbortedError("the change failed");
      });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Scalar(*producer_db_, "SELECT COUNT(*) FROM outbox"), 2);
  absl::Status no_payload =
      producer_db_->Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
        return outbox_.Append(tx, common::v1::Event()).status();
      });
  EXPECT_EQ(no_payload.code(), absl::StatusCode::kInvalidArgument);
}

// A batch as the relay would send it: the outbox's events `first`..`last`.
common::v1::IngestEventsRequest BatchOf(sql::Database& db, int first,
                                        int last) {
  common::v1::IngestEventsRequest batch;
  batch.set_producer(kProducer);
  auto rows = db.Query(
      "SELECT sequence, payload FROM outbox WHERE sequence BETWEEN ? AND ? "
      "ORDER BY sequence",
      {int64_t{first}, int64_t{last}});
  if (!rows.ok()) return batch;
  for (const sql::Row& row : rows->rows) {
    common::v1::Event* event = batch.add_events();
    event->ParseFromString(row.Text(1));
    event->set_sequence(row.Int(0));
  }
  return batch;
}

TEST_F(EventsTest, IntakeAppliesAnEventOnceWhateverTheRedeliveries) {
  Write(5);
  events::EventIntake intake(*subscriber_db_, &ApplyLedgerEvent);
  const auth::Caller relay = ServiceCaller(kProducer);
  common::v1::IngestEventsResponse first;
  ASSERT_TRUE(intake.Ingest(relay, BatchOf(*producer_db_, 1, 3), &first).ok());
  EXPECT_EQ(first.applied_event_ids_size(), 3);
  common::v1::IngestEventsResponse again;
  ASSERT_TRUE(intake.Ingest(relay, BatchOf(*producer_db_, 1, 5), &again).ok());
  EXPECT_EQ(again.duplicate_event_ids_size(), 3);
  EXPECT_EQ(again.applied_event_ids_size(), 2);
  EXPECT_EQ(Scalar(*subscriber_db_, "SELECT SUM(views) FROM totals"),
            1 + 2 + 3 + 4 + 5);
  EXPECT_EQ(Applied(), 5);
}

TEST_F(EventsTest, IntakeRefusesABadBatchAndChangesNothing) {
  Write(3);
  events::EventIntake intake(*subscriber_db_, &ApplyLedgerEvent);
  const auth::Caller relay = ServiceCaller(kProducer);
  common::v1::IngestEventsResponse response;
  auto out_of_order = BatchOf(*producer_db_, 1, 3);
  out_of_order.mutable_events()->SwapElements(0, 2);
  absl::Status refused = intake.Ingest(relay, out_of_order, &response);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("events[1].sequence"));
  auto no_payload = BatchOf(*producer_db_, 1, 3);
  no_payload.mutable_events(2)->clear_engagement_updated();
  EXPECT_THAT(
      std::string(intake.Ingest(relay, no_payload, &response).message()),
      HasSubstr("events[2].payload"));
  EXPECT_EQ(
      intake.Ingest(relay, common::v1::IngestEventsRequest(), &response).code(),
      absl::StatusCode::kInvalidArgument);
  // A service delivers its own events only.
  EXPECT_EQ(intake
                .Ingest(ServiceCaller("someone-else"),
                        BatchOf(*producer_db_, 1, 3), &response)
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Applied(), 0);
  EXPECT_EQ(Scalar(*subscriber_db_, "SELECT COUNT(*) FROM applied_events"), 0);
}

TEST_F(EventsTest, IntakeRecordsAnUnapplicableEventAndGoesOn) {
  Write(3);
  // The middle event half-applies, then turns out unapplicable: its writes
  // are undone, it is recorded as rejected, the others apply.
  events::EventIntake intake(
      *subscriber_db_, [](sql::Connection& tx, const common::v1::Event& e) {
        NANO_RETURN_IF_ERROR(ApplyLedgerEvent(tx, e));
        if (e.sequence() == 2) return events::Reject("poison");
        return absl::OkStatus();
      });
  common::v1::IngestEventsResponse response;
  ASSERT_TRUE(intake
                  .Ingest(ServiceCaller(kProducer),
                          BatchOf(*producer_db_, 1, 3), &response)
                  .ok());
  EXPECT_EQ(response.applied_event_ids_size(), 2);
  EXPECT_EQ(response.rejected_event_ids_size(), 1);
  EXPECT_EQ(ArrivalOrder(), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(Scalar(*subscriber_db_,
                   "SELECT COUNT(*) FROM applied_events "
                   "WHERE outcome = 'rejected'"),
            1);
}

// An event out of form (libs/events/event_fields.h) is rejected before the
// service's apply function sees it: nothing of it applied, recorded as
// rejected, and the events after it applied. Redelivered, it stays rejected
// (a duplicate), so the relay moves past it.
TEST_F(EventsTest, IntakeRejectsAnEventOutOfFormAndGoesOn) {
  Write(3);
  int handed_over = 0;
  events::EventIntake intake(
      *subscriber_db_, [&](sql::Connection& tx, const common::v1::Event& e) {
        ++handed_over;
        return ApplyLedgerEvent(tx, e);
      });
  auto batch = BatchOf(*producer_db_, 1, 3);
  batch.mutable_events(1)
      ->mutable_engagement_updated()
      ->mutable_content()
      ->set_content_id(std::string("c\0\xE2\x80\xAE", 5));
  common::v1::IngestEventsResponse response;
  ASSERT_TRUE(intake.Ingest(ServiceCaller(kProducer), batch, &response).ok());
  EXPECT_EQ(handed_over, 2);
  EXPECT_EQ(response.applied_event_ids_size(), 2);
  ASSERT_EQ(response.rejected_event_ids_size(), 1);
  EXPECT_EQ(response.rejected_event_ids(0), batch.events(1).event_id());
  EXPECT_EQ(ArrivalOrder(), (std::vector<int64_t>{1, 3}));
  auto why = subscriber_db_->Query(
      "SELECT error FROM applied_events WHERE outcome = 'rejected'");
  ASSERT_TRUE(why.ok()) << why.status();
  ASSERT_EQ(why->rows.size(), 1u);
  EXPECT_EQ(why->rows[0].Text(0),
            "engagement_updated.content.content_id: not a UUID");

  common::v1::IngestEventsResponse again;
  ASSERT_TRUE(intake.Ingest(ServiceCaller(kProducer), batch, &again).ok());
  EXPECT_EQ(again.duplicate_event_ids_size(), 3);
  EXPECT_EQ(handed_over, 2);
}

// Only an explicit Reject consumes an event: an INVALID_ARGUMENT from the
// SQL layer (a missing table, a bug) is retried like any failure.
TEST_F(EventsTest, IntakeRetriesAnInvalidArgumentThatIsNoRejection) {
  Write(1);
  events::EventIntake intake(
      *subscriber_db_, [](sql::Connection& tx, const common::v1::Event&) {
        return tx.Execute("INSERT INTO no_such_table VALUES (1)").status();
      });
  common::v1::IngestEventsResponse response;
  EXPECT_FALSE(intake
                   .Ingest(ServiceCaller(kProducer),
                           BatchOf(*producer_db_, 1, 1), &response)
                   .ok());
  EXPECT_EQ(Scalar(*subscriber_db_, "SELECT COUNT(*) FROM applied_events"), 0);
}

TEST_F(EventsTest, IntakeFailsTheWholeBatchOnATransientError) {
  Write(3);
  events::EventIntake intake(
      *subscriber_db_, [](sql::Connection& tx, const common::v1::Event& e) {
        NANO_RETURN_IF_ERROR(ApplyLedgerEvent(tx, e));
        if (e.sequence() == 3) return absl::UnavailableError("busy");
        return absl::OkStatus();
      });
  common::v1::IngestEventsResponse response;
  EXPECT_EQ(intake
                .Ingest(ServiceCaller(kProducer), BatchOf(*producer_db_, 1, 3),
                        &response)
                .code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(Applied(), 0);
  EXPECT_EQ(Scalar(*subscriber_db_, "SELECT COUNT(*) FROM applied_events"), 0);
}

TEST_F(EventsTest, RelayDeliversEverythingOnceInOrderInBatches) {
  Write(30);
  KpiSubscriber subscriber(*subscriber_db_);
  InProcessServer server(&subscriber, "nanoinfluence.kpi.v1.KpiService");
  auto relay = StartRelay({To("kpi", server.server().address())}, Options(7));
  ASSERT_TRUE(Eventually([&] { return Applied() == 30; }));
  EXPECT_EQ(ArrivalOrder(), OneTo(30));
  EXPECT_EQ(subscriber.calls(), 5);  // 7 + 7 + 7 + 7 + 2
  // The cursor moves once the answer is back, just after the commit.
  ASSERT_TRUE(Eventually([&] {
    auto stats = relay->Stats();
    return stats.ok() && (*stats)[0].delivered_sequence == 30;
  }));
  auto stats = relay->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ((*stats)[0].pending, 0);
  EXPECT_EQ((*stats)[0].delivered_events, 30);
}

TEST_F(EventsTest, RelayRetriesWithBackoffUntilTheSubscriberAccepts) {
  KpiSubscriber subscriber(*subscriber_db_);
  subscriber.FailNext(3);
  InProcessServer server(&subscriber, "nanoinfluence.kpi.v1.KpiService");
  Write(10);
  auto relay = StartRelay({To("kpi", server.server().address())});
  ASSERT_TRUE(Eventually([&] { return Applied() == 10; }));
  EXPECT_EQ(ArrivalOrder(), OneTo(10));
  auto stats = relay->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ((*stats)[0].failures, 3);
  EXPECT_THAT((*stats)[0].last_error, HasSubstr("injected failure"));
}

TEST_F(EventsTest, ADeadSubscriberHoldsBackNoOtherAndRoutesAreApplied) {
  KpiSubscriber kpi(*subscriber_db_);
  InProcessServer kpi_server(&kpi, "nanoinfluence.kpi.v1.KpiService");
  auto other_db = OpenLedgerDatabase(dir_.File("dispatch.db")).value();
  DispatchSubscriber dispatch(*other_db);
  InProcessServer dispatch_server(&dispatch,
                                  "nanoinfluence.dispatch.v1.DispatchService");
  // ugc is down: a port that was just closed.
  KpiSubscriber gone(*subscriber_db_);
  auto ugc_server = std::make_unique<InProcessServer>(
      &gone, "nanoinfluence.kpi.v1.KpiService");
  const std::string ugc_address = ugc_server->server().address();
  ugc_server.reset();
  Write(12);
  auto relay = StartRelay(
      {To("kpi", kpi_server.server().address()), To("ugc", ugc_address),
       // dispatch takes tier changes only: none of these events.
       To("dispatch", dispatch_server.server().address(), {"TierChanged"})});
  ASSERT_TRUE(Eventually([&] { return Applied() == 12; }));
  ASSERT_TRUE(Eventually([&] {
    auto stats = relay->Stats();
    return stats.ok() && (*stats)[1].failures >= 2 &&
           (*stats)[2].delivered_sequence == 12;
  }));
  auto stats = relay->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ((*stats)[1].name, "ugc");
  EXPECT_EQ((*stats)[1].pending, 12);
  EXPECT_GT((*stats)[1].oldest_pending_age, absl::ZeroDuration());
  EXPECT_EQ((*stats)[2].pending, 0);
  EXPECT_EQ(dispatch.calls(), 0);
  EXPECT_EQ(Scalar(*other_db, "SELECT COUNT(*) FROM arrivals"), 0);
}

TEST_F(EventsTest, RelayCursorSurvivesARestart) {
  KpiSubscriber subscriber(*subscriber_db_);
  InProcessServer server(&subscriber, "nanoinfluence.kpi.v1.KpiService");
  const events::Subscriber kpi = To("kpi", server.server().address());
  Write(10);
  auto relay = StartRelay({kpi});
  ASSERT_TRUE(Eventually([&] {
    auto stats = relay->Stats();
    return stats.ok() && (*stats)[0].delivered_sequence == 10;
  }));
  relay->Stop();
  Write(5);
  relay = StartRelay({kpi});
  ASSERT_TRUE(Eventually([&] { return Applied() == 15; }));
  EXPECT_EQ(ArrivalOrder(), OneTo(15));
  EXPECT_EQ(subscriber.duplicates(), 0) << "nothing sent twice";
}

TEST_F(EventsTest, ASubscriberDownForAWhileDrainsInOrderWhenBack) {
  // A port that was just closed: the subscriber is down.
  KpiSubscriber gone(*subscriber_db_);
  auto first = std::make_unique<InProcessServer>(
      &gone, "nanoinfluence.kpi.v1.KpiService");
  const std::string address = first->server().address();
  first.reset();
  auto relay = StartRelay({To("kpi", address)});
  Write(20);
  ASSERT_TRUE(Eventually([&] {
    auto stats = relay->Stats();
    return stats.ok() && (*stats)[0].failures >= 3 && (*stats)[0].pending == 20;
  }));
  EXPECT_EQ(Applied(), 0);
  // Back on the same address.
  KpiSubscriber subscriber(*subscriber_db_);
  ServerOptions options;
  options.listen_address = address;
  options.auth.tokens = TestTokenSettings();
  auto server = GrpcServer::Start(
      options, {{&subscriber, "nanoinfluence.kpi.v1.KpiService"}});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_TRUE(Eventually([&] { return Applied() == 20; }));
  EXPECT_EQ(ArrivalOrder(), OneTo(20));
}

TEST_F(EventsTest, RelayPrunesWhatEverySubscriberHas) {
  KpiSubscriber subscriber(*subscriber_db_);
  InProcessServer server(&subscriber, "nanoinfluence.kpi.v1.KpiService");
  Write(10);
  auto relay =
      StartRelay({To("kpi", server.server().address())},
                 Options(200, absl::ZeroDuration(), absl::Milliseconds(20)));
  ASSERT_TRUE(Eventually([&] {
    return Scalar(*producer_db_, "SELECT COUNT(*) FROM outbox") == 0;
  }));
  EXPECT_EQ(Applied(), 10);
  // Sequences keep growing after a prune.
  Write(1);
  ASSERT_TRUE(Eventually([&] { return Applied() == 11; }));
  EXPECT_EQ(ArrivalOrder().back(), 11);
}

events::RelayOptions Replica(const std::string& name,
                             absl::Duration lease = absl::Seconds(10)) {
  events::RelayOptions options = Options(7);
  options.replica = name;
  options.lease = lease;
  return options;
}

TEST_F(EventsTest, TwoReplicasDeliverEveryEventOnceBetweenThem) {
  KpiSubscriber subscriber(*subscriber_db_);
  InProcessServer server(&subscriber, "nanoinfluence.kpi.v1.KpiService");
  const events::Subscriber kpi = To("kpi", server.server().address());
  auto other_db = OpenLedgerDatabase(dir_.File("producer.db"));
  ASSERT_TRUE(other_db.ok()) << other_db.status();
  // Both replicas start before any event exists and race for the lease;
  // the writes arrive while both run.
  auto a = StartRelayOn(*producer_db_, {kpi}, Replica("a"));
  auto b = StartRelayOn(**other_db, {kpi}, Replica("b"));
  for (int i = 0; i < 20; ++i) {
    Write(10);
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_TRUE(Eventually([&] { return Applied() == 200; }));
  EXPECT_EQ(ArrivalOrder(), OneTo(200));
  EXPECT_EQ(subscriber.duplicates(), 0) << "nothing sent twice";
  // Both see the one holder and the stored cursor.
  auto seen_by_a = a->Stats();
  auto seen_by_b = b->Stats();
  ASSERT_TRUE(seen_by_a.ok() && seen_by_b.ok());
  EXPECT_THAT((*seen_by_a)[0].lease_owner, ::testing::AnyOf("a", "b"));
  EXPECT_EQ((*seen_by_a)[0].lease_owner, (*seen_by_b)[0].lease_owner);
  ASSERT_TRUE(Eventually([&] {
    auto stats = b->Stats();
    return stats.ok() && (*stats)[0].delivered_sequence == 200;
  }));
  // Counted again now: the ones read above may predate the last batch's
  // count (seen under the sanitizers, where a relay runs slower).
  seen_by_a = a->Stats();
  seen_by_b = b->Stats();
  ASSERT_TRUE(seen_by_a.ok() && seen_by_b.ok());
  EXPECT_EQ((*seen_by_a)[0].delivered_events + (*seen_by_b)[0].delivered_events,
            200);
}

TEST_F(EventsTest, AStoppedReplicaHandsItsLeaseOverAtOnce) {
  KpiSubscriber subscriber(*subscriber_db_);
  InProcessServer server(&subscriber, "nanoinfluence.kpi.v1.KpiService");
  const events::Subscriber kpi = To("kpi", server.server().address());
  auto other_db = OpenLedgerDatabase(dir_.File("producer.db"));
  ASSERT_TRUE(other_db.ok()) << other_db.status();
  // Leases far longer than the wait below: only a release explains a
  // takeover within it.
  const absl::Duration lease = absl::Minutes(10);
  auto a = StartRelayOn(*producer_db_, {kpi}, Replica("a", lease));
  Write(30);
  ASSERT_TRUE(Eventually([&] { return Applied() == 30; }));
  auto b = StartRelayOn(**other_db, {kpi}, Replica("b", lease));
  a->Stop();
  Write(30);
  ASSERT_TRUE(Eventually([&] { return Applied() == 60; }, lease / 20));
  EXPECT_EQ(ArrivalOrder(), OneTo(60));
  EXPECT_EQ(subscriber.duplicates(), 0);
  auto stats = b->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ((*stats)[0].lease_owner, "b");
}

TEST_F(EventsTest, ADeadReplicasLeaseIsTakenOverWhenItExpires) {
  KpiSubscriber subscriber(*subscriber_db_);
  InProcessServer server(&subscriber, "nanoinfluence.kpi.v1.KpiService");
  Write(20);
  // What a replica killed while holding the lease leaves behind.
  const absl::Time expiry = absl::Now() + absl::Seconds(2);
  ASSERT_TRUE(producer_db_
                  ->Execute("INSERT INTO outbox_cursors (subscriber, "
                            "delivered_sequence, lease_owner, lease_until) "
                            "VALUES ('kpi', 5, 'dead', ?)",
                            {absl::ToUnixMicros(expiry)})
                  .ok());
  auto relay = StartRelay({To("kpi", server.server().address())},
                          Replica("b", absl::Seconds(1)));
  ASSERT_TRUE(Eventually([&] { return Applied() == 15; }));
  // Nothing went out on the lease the dead replica held: the subscriber
  // records when it applied each event, whatever the test's timing.
  EXPECT_GE(Scalar(*subscriber_db_, "SELECT MIN(applied_at) FROM arrivals"),
            absl::ToUnixMicros(expiry))
      << "delivered on a lease another replica holds";
  // From the dead replica's cursor on: 6..20.
  EXPECT_EQ(ArrivalOrder().front(), 6);
  auto stats = relay->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ((*stats)[0].lease_owner, "b");
}

TEST(BackoffTest, DoublesFromTheMinimumUpToTheMaximumWithJitter) {
  events::RelayOptions options;
  options.min_backoff = absl::Milliseconds(100);
  options.max_backoff = absl::Seconds(1);
  absl::BitGen random;
  for (int i = 0; i < 100; ++i) {
    const absl::Duration first = events::Backoff(1, options, random);
    EXPECT_GE(first, absl::Milliseconds(50));
    EXPECT_LE(first, absl::Milliseconds(100));
    const absl::Duration third = events::Backoff(3, options, random);
    EXPECT_GE(third, absl::Milliseconds(200));
    EXPECT_LE(third, absl::Milliseconds(400));
    const absl::Duration late = events::Backoff(30, options, random);
    EXPECT_GE(late, absl::Milliseconds(500));
    EXPECT_LE(late, absl::Seconds(1));
  }
}

}  // namespace
}  // namespace nanoinfluence::testing
