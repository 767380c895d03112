// The write path of every write RPC: one transaction that replays the first
// answer of a used request_id, or runs the change and stores its answer.
//
//   OnceWriter writer(db);
//   return writer.Write(caller, request, response,
//                       [&](sql::Connection& tx, std::string* data_subject) {
//                         ... change, fill `response` ...
//                       });
//
// The request must have a string field `request_id`; the method is the
// request's type name without "Request" ("SetStockRequest" -> "SetStock").
#pragma once

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "libs/auth/caller.h"
#include "libs/idempotency/idempotency.h"
#include "libs/sql/database.h"

namespace nanoinfluence::idempotency {

// The change: fills the response; may name in `data_subject` the ambassador
// whose personal data the answer holds (erasure forgets it).
using WriteBody = absl::FunctionRef<absl::Status(sql::Connection& tx,
                                                 std::string* data_subject)>;

class OnceWriter {
 public:
  explicit OnceWriter(sql::Database& db) : db_(db) {}

  // INVALID_ARGUMENT ("request_id") for a missing or malformed id,
  // ALREADY_EXISTS for a used id with another request, the body's error
  // otherwise (nothing written). `replayed`, when given, tells whether the
  // answer was the stored one.
  absl::Status Write(const auth::Caller& caller,
                     const google::protobuf::Message& request,
                     google::protobuf::Message* response, WriteBody body,
                     bool* replayed = nullptr);

  // Whether the request was answered already, filling `response` with that
  // answer (ALREADY_EXISTS for a used id with another request), without
  // writing: lets a write that first calls another service skip the call
  // on a retry. Runs in the caller's (read) transaction `tx`.
  absl::StatusOr<bool> Answered(sql::Connection& tx, const auth::Caller& caller,
                                const google::protobuf::Message& request,
                                google::protobuf::Message* response);

 private:
  // The key of `request`; INVALID_ARGUMENT ("request_id") when malformed.
  static absl::StatusOr<IdempotencyKey> KeyOf(
      const auth::Caller& caller, const google::protobuf::Message& request);

  // Forgets stored answers past their retention, at most once an hour.
  absl::Status MaybePrune(sql::Connection& tx);

  sql::Database& db_;
  absl::Mutex prune_mu_;
  absl::Time last_prune_ ABSL_GUARDED_BY(prune_mu_) = absl::InfinitePast();
};

}  // namespace nanoinfluence::idempotency
