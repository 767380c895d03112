#include "tools/nanoctl_client/outbox_status.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/suite/event_routes.h"
#include "tools/nanoctl_client/report_table.h"

namespace nanoinfluence::tools {
namespace {

constexpr char kEventPackage[] = "nanoinfluence.common.v1.";

// A service's database opened read-only beside the running service.
class ReadOnlyDatabase {
 public:
  ReadOnlyDatabase(const std::string& db_dir, const std::string& service) {
    path_ = absl::StrCat(db_dir, "/", service, ".db");
    struct stat info;
    if (::stat(path_.c_str(), &info) != 0) {
      error_ = absl::StrCat("no ", path_, " (has ", service, " ever started?)");
      return;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK) {
      error_ = absl::StrCat(path_, ": ", sqlite3_errmsg(db));
      sqlite3_close(db);
      return;
    }
    // The service writes while we read; wait for its turn rather than fail.
    sqlite3_busy_timeout(db, 5000);
    db_.reset(db);
  }

  const std::string& error() const { return error_; }

  // The integer columns of the first row of `sql` with text parameters;
  // empty with error() set when the query fails.
  std::vector<int64_t> Row(const std::string& sql,
                           const std::vector<std::string>& params) {
    std::vector<int64_t> values;
    if (db_ == nullptr) return values;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &statement, nullptr) !=
        SQLITE_OK) {
      error_ = absl::StrCat(path_, ": ", sqlite3_errmsg(db_.get()));
      return values;
    }
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(statement, static_cast<int>(i + 1), params[i].c_str(),
                        -1, SQLITE_TRANSIENT);
    }
    const int step = sqlite3_step(statement);
    if (step == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        values.push_back(sqlite3_column_int64(statement, i));
      }
    } else if (step != SQLITE_DONE) {
      error_ = absl::StrCat(path_, ": ", sqlite3_errmsg(db_.get()));
    }
    sqlite3_finalize(statement);
    return values;
  }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  std::string path_;
  std::string error_;
  std::unique_ptr<sqlite3, Closer> db_;
};

void ReadRoute(ReadOnlyDatabase& producer, const EventRoute& route,
               absl::Time now, RouteStatus& status) {
  std::vector<int64_t> cursor = producer.Row(
      "SELECT COALESCE(MAX(delivered_sequence), 0) FROM outbox_cursors "
      "WHERE subscriber = ?",
      {route.subscriber});
  std::vector<int64_t> head =
      producer.Row("SELECT COALESCE(MAX(sequence), 0) FROM outbox", {});
  if (cursor.empty() || head.empty()) return;
  status.delivered_sequence = cursor[0];
  status.head_sequence = head[0];
  // The relay's own count (libs/events/relay.cc): the route's events after
  // the cursor.
  std::string sql =
      "SELECT COUNT(*), COALESCE(MIN(timestamp), 0) FROM outbox "
      "WHERE sequence > CAST(? AS INTEGER)";
  std::vector<std::string> params = {absl::StrCat(status.delivered_sequence)};
  if (!route.event_types.empty()) {
    sql += " AND type IN (";
    for (size_t i = 0; i < route.event_types.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.push_back(absl::StrCat(kEventPackage, route.event_types[i]));
    }
    sql += ")";
  }
  std::vector<int64_t> pending = producer.Row(sql, params);
  if (pending.size() != 2) return;
  status.pending = pending[0];
  if (status.pending > 0) {
    status.oldest_pending_age = now - absl::FromUnixMicros(pending[1]);
  }
}

std::string Age(absl::Duration age) {
  if (age <= absl::ZeroDuration()) return "-";
  if (age < absl::Seconds(60)) {
    return absl::StrFormat("%.1fs", absl::ToDoubleSeconds(age));
  }
  if (age < absl::Hours(1)) return absl::StrCat(age / absl::Minutes(1), "min");
  return absl::StrCat(age / absl::Hours(1), "h");
}

}  // namespace

std::vector<RouteStatus> ReadOutboxStatus(const std::string& db_dir,
                                          absl::Time now) {
  std::vector<RouteStatus> statuses;
  for (const EventRoute& route : EventRoutes()) {
    RouteStatus& status = statuses.emplace_back();
    status.producer = route.producer;
    status.subscriber = route.subscriber;
    ReadOnlyDatabase producer(db_dir, route.producer);
    ReadRoute(producer, route, now, status);
    status.error = producer.error();
    ReadOnlyDatabase subscriber(db_dir, route.subscriber);
    std::vector<int64_t> applied = subscriber.Row(
        "SELECT COALESCE(SUM(outcome = 'applied'), 0), "
        "COALESCE(SUM(outcome = 'rejected'), 0) "
        "FROM applied_events WHERE producer = ?",
        {route.producer});
    if (applied.size() == 2) {
      status.applied = applied[0];
      status.rejected = applied[1];
    }
  }
  return statuses;
}

std::string FormatOutboxStatus(const std::vector<RouteStatus>& routes) {
  std::string text = absl::StrFormat(
      "%-12s %-12s %8s %8s %21s %10s %9s\n", "producer", "subscriber",
      "pending", "oldest", "delivered/head seq", "applied", "rejected");
  for (const RouteStatus& route : routes) {
    if (!route.error.empty()) {
      absl::StrAppendFormat(&text, "%-12s %-12s %s\n", route.producer,
                            route.subscriber, route.error);
      continue;
    }
    absl::StrAppendFormat(
        &text, "%-12s %-12s %8s %8s %21s %10s %9s\n", route.producer,
        route.subscriber, Thousands(route.pending),
        Age(route.oldest_pending_age),
        absl::StrCat(route.delivered_sequence, "/", route.head_sequence),
        route.applied < 0 ? "?" : Thousands(route.applied),
        route.rejected < 0 ? "?" : Thousands(route.rejected));
  }
  return text;
}

}  // namespace nanoinfluence::tools
