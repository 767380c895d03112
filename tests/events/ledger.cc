#include "tests/events/ledger.h"

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/sql/migrations.h"
#include "libs/sql/open_database.h"
#include "libs/status/status_macros.h"
#include "migrations.h"
#include "tests/harness/test_database.h"

namespace nanoinfluence::testing {

absl::StatusOr<std::unique_ptr<sql::Database>> OpenLedgerDatabase(
    const std::string& path) {
  // <dir>/<name>.db, or the PostgreSQL database of that folder and name.
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  NANO_ASSIGN_OR_RETURN(
      std::string url,
      TestDatabaseUrl(path.substr(0, slash),
                      path.substr(slash + 1, dot - slash - 1)));
  NANO_ASSIGN_OR_RETURN(
      std::unique_ptr<sql::Database> db,
      sql::OpenDatabase(
          {.url = std::move(url), .data_dir = "", .service = "ledger"}));
  NANO_RETURN_IF_ERROR(
      sql::ApplyMigrations(*db, testing::ledger::Migrations()).status());
  return db;
}

std::string LedgerContentId(int64_t n) {
  return absl::StrFormat("00000000-0000-4000-8000-%012d", n);
}

absl::Status RecordWrite(sql::Database& db, const events::Outbox& outbox,
                         int64_t write_no, const std::string& content_id,
                         int64_t views) {
  return db.Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
    NANO_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO ledger (write_no, content_id, views) "
                   "VALUES (?, ?, ?)",
                   {write_no, content_id, views})
            .status());
    common::v1::Event event;
    event.set_aggregate_type("content");
    event.set_aggregate_id(content_id);
    common::v1::EngagementUpdated* engagement =
        event.mutable_engagement_updated();
    engagement->mutable_content()->set_content_id(content_id);
    engagement->set_views(views);
    return outbox.Append(tx, std::move(event)).status();
  });
}

absl::Status ApplyLedgerEvent(sql::Connection& tx,
                              const common::v1::Event& event) {
  if (!event.has_engagement_updated()) {
    return events::Reject("not a ledger event");
  }
  const common::v1::EngagementUpdated& engagement = event.engagement_updated();
  NANO_RETURN_IF_ERROR(
      tx.Execute(
            "INSERT INTO totals (content_id, views, events) "
            "VALUES (?, ?, 1) ON CONFLICT (content_id) DO UPDATE SET "
            "views = totals.views + excluded.views, events = totals.events + 1",
            {engagement.content().content_id(), engagement.views()})
          .status());
  return tx
      .Execute(
          "INSERT INTO arrivals (producer, sequence, occurred_at, "
          "applied_at) VALUES (?, ?, ?, ?)",
          {event.producer(), event.sequence(),
           google::protobuf::util::TimeUtil::TimestampToMicroseconds(
               event.occurred_at()),
           absl::ToUnixMicros(absl::Now())})
      .status();
}

}  // namespace nanoinfluence::testing
