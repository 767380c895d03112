// How far each producer's outbox is delivered to each subscriber, read from
// the services' SQLite files beside the running services (read-only, as
// docs/events.md does with sqlite3): pending events per route with the age
// of the oldest, and what each subscriber recorded as applied or rejected
// from that producer.
//
//   NANO_ASSIGN_OR_RETURN(auto routes, ReadOutboxStatus(".nano/db", now));
//   std::fputs(FormatOutboxStatus(routes).c_str(), stdout);
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace nanoinfluence::tools {

struct RouteStatus {
  std::string producer;
  std::string subscriber;
  // Events of the route after the subscriber's cursor: not yet
  // acknowledged by the subscriber.
  int64_t pending = 0;
  // Age of the oldest pending event; zero when none is pending.
  absl::Duration oldest_pending_age;
  // The cursor: every event of the route up to it was acknowledged.
  int64_t delivered_sequence = 0;
  // The producer's newest event sequence.
  int64_t head_sequence = 0;
  // From the subscriber's own database: events of this producer it applied
  // or rejected (-1 when its database cannot be read).
  int64_t applied = -1;
  int64_t rejected = -1;
  // Why the producer's database could not be read; empty when it was.
  std::string error;
};

// One entry per route (libs/suite/event_routes.h), in that order. A database
// that is missing or unreadable is reported in its routes' `error`, not as a
// failure: the others still show.
std::vector<RouteStatus> ReadOutboxStatus(const std::string& db_dir,
                                          absl::Time now);

// A table, one line per route, lines ending in "\n".
std::string FormatOutboxStatus(const std::vector<RouteStatus>& routes);

}  // namespace nanoinfluence::tools
