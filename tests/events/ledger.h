// A minimal producer and subscriber of events for the pipeline's tests and
// benchmark, on the real libraries: a producer records "views" writes, each
// with an EngagementUpdated event in the same transaction; a subscriber sums
// them per content. Exactly-once delivery means the subscriber's totals
// equal the producer's ledger.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "libs/events/intake.h"
#include "libs/events/outbox.h"
#include "libs/sql/database.h"

namespace nanoinfluence::testing {

// Opens (creating) the SQLite file `path` with the event and ledger tables;
// in the `postgres.` test variants, the PostgreSQL database of its folder
// and name (tests/harness/test_database.h).
absl::StatusOr<std::unique_ptr<sql::Database>> OpenLedgerDatabase(
    const std::string& path);

// The id of the ledger's content number `n`, in the UUID form every id of
// an event has (the intake rejects others).
std::string LedgerContentId(int64_t n);

// One acknowledged write: a ledger row and its event, in one transaction.
absl::Status RecordWrite(sql::Database& db, const events::Outbox& outbox,
                         int64_t write_no, const std::string& content_id,
                         int64_t views);

// The subscriber's apply function: EngagementUpdated adds to the totals and
// logs the arrival; any other event is rejected (events::Reject).
absl::Status ApplyLedgerEvent(sql::Connection& tx,
                              const common::v1::Event& event);

}  // namespace nanoinfluence::testing
