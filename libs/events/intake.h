// The subscribing side of the event pipeline: IngestEvents applies a batch
// from one producer's relay idempotently. Each event's id is recorded in the
// transaction of its effect, so a redelivered event is acknowledged as a
// duplicate and changes nothing.
//
//   EventIntake intake(db, [&](sql::Connection& tx, const Event& event) {
//     if (event.has_content_moderated()) return CountModeration(tx, event);
//     return absl::OkStatus();  // not an event this service uses
//   });
//   ... in IngestEvents:
//   reactor->Finish(ToGrpcStatus(intake.Ingest(CallerOf(*context), *request,
//                                              response)));
//
// The batch is one transaction (one disk sync for up to 500 events). An
// event whose fields are out of form (an id that is not a UUID, a string
// with control characters or too long, an unknown enum value, a negative
// count: event_fields.h) is rejected before the apply function sees it.
// What the apply function returns decides:
//   OK                        applied, recorded
//   Reject("why")             the event can never be applied (malformed for
//                             this service): recorded as rejected with the
//                             reason and logged, so it does not block the
//                             producer's stream
//   any other error           the whole batch fails and nothing is recorded;
//                             the relay retries it later with backoff
// Rejection is an explicit decision, never a status code: an
// INVALID_ARGUMENT from the SQL layer (a missing table, a bug) must not
// consume events for good.
#pragma once

#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "libs/sql/database.h"
#include "nanoinfluence/common/v1/events.pb.h"

namespace nanoinfluence::events {

// Applies one event inside the intake's transaction `tx`. It must not open a
// transaction of its own.
using ApplyEvent =
    std::function<absl::Status(sql::Connection& tx, const common::v1::Event&)>;

// The status an apply function returns for an event it can never apply.
absl::Status Reject(absl::string_view why);
// Whether `status` came from Reject.
bool IsRejection(const absl::Status& status);

class EventIntake {
 public:
  // Largest batch accepted (the contract's limit).
  static constexpr int kMaxBatch = 500;

  EventIntake(sql::Database& db, ApplyEvent apply,
              absl::Duration retention = absl::Hours(24 * 30))
      : db_(db), apply_(std::move(apply)), retention_(retention) {}

  // Validates the whole batch first (INVALID_ARGUMENT naming the field, and
  // nothing changes), checks that a service caller speaks for its own
  // producer name (PERMISSION_DENIED), then applies it.
  absl::Status Ingest(const auth::Caller& caller,
                      const common::v1::IngestEventsRequest& request,
                      common::v1::IngestEventsResponse* response);

 private:
  // Forgets applied ids older than the retention, at most once an hour.
  void MaybePrune(absl::Time now);

  sql::Database& db_;
  const ApplyEvent apply_;
  const absl::Duration retention_;
  absl::Mutex prune_mu_;
  absl::Time last_prune_ ABSL_GUARDED_BY(prune_mu_) = absl::InfinitePast();
};

// Checks a batch without touching anything.
absl::Status ValidateBatch(const common::v1::IngestEventsRequest& request);

}  // namespace nanoinfluence::events
