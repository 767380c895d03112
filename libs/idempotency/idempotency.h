// Idempotent writes: a write RPC's `request_id` names one attempt at one
// change. The first answer is stored in the transaction of the change, so a
// retry (same caller, same method, same id, same request) returns it and
// changes nothing; a different request under a used id is ALREADY_EXISTS.
//
//   IdempotencyKey key = IdempotencyKey::For(caller, "CreateCampaign",
//                                            request.request_id(), request);
//   NANO_RETURN_IF_ERROR(db.Transact(TxMode::kWrite, [&](Connection& tx) {
//     NANO_ASSIGN_OR_RETURN(bool replayed, Replay(tx, key, response));
//     if (replayed) return absl::OkStatus();
//     ... make the change, fill `response` ...
//     return Remember(tx, key, *response);
//   }));
//
// The schema is libs/idempotency/schema/idempotency_v1.sql, included by each
// service's migrations.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "libs/auth/caller.h"
#include "libs/sql/database.h"

namespace nanoinfluence::idempotency {

struct IdempotencyKey {
  std::string scope;        // method and caller
  std::string request_id;   // as the client sent it
  std::string fingerprint;  // SHA-256 of the request's bytes
  // The ambassador whose personal data the answer holds (erasure deletes
  // the record); empty when none.
  std::string data_subject;

  static IdempotencyKey For(const auth::Caller& caller,
                            absl::string_view method,
                            absl::string_view request_id,
                            const google::protobuf::Message& request);
};

// Whether `key` was answered before: true after filling `response` with the
// first answer; ALREADY_EXISTS when the id was used for another request.
absl::StatusOr<bool> Replay(sql::Connection& tx, const IdempotencyKey& key,
                            google::protobuf::Message* response);

// Records `response` as the answer to `key`.
absl::Status Remember(sql::Connection& tx, const IdempotencyKey& key,
                      const google::protobuf::Message& response);

// Deletes the answers holding `ambassador_id`'s personal data (erasure):
// those tagged with them, and any answer naming their id (a selection or
// invitations of several people).
absl::Status ForgetDataSubject(sql::Connection& tx,
                               absl::string_view ambassador_id);

// Deletes answers older than `retention` (a retry comes within minutes; a
// week is plenty).
absl::Status Prune(sql::Connection& tx, absl::Time now,
                   absl::Duration retention = absl::Hours(24 * 7));

}  // namespace nanoinfluence::idempotency
