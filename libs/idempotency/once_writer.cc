#include "libs/idempotency/once_writer.h"

#include "absl/strings/string_view.h"
#include "libs/idempotency/idempotency.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::idempotency {

absl::Status OnceWriter::Write(const auth::Caller& caller,
                               const google::protobuf::Message& request,
                               google::protobuf::Message* response,
                               WriteBody body, bool* replayed) {
  NANO_ASSIGN_OR_RETURN(const IdempotencyKey key, KeyOf(caller, request));
  bool was_replayed = false;
  NANO_RETURN_IF_ERROR(
      db_.Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
        response->Clear();
        NANO_ASSIGN_OR_RETURN(was_replayed, Replay(tx, key, response));
        if (was_replayed) return absl::OkStatus();
        IdempotencyKey recorded = key;
        NANO_RETURN_IF_ERROR(body(tx, &recorded.data_subject));
        NANO_RETURN_IF_ERROR(Remember(tx, recorded, *response));
        return MaybePrune(tx);
      }));
  if (replayed != nullptr) *replayed = was_replayed;
  return absl::OkStatus();
}

absl::StatusOr<bool> OnceWriter::Answered(
    sql::Connection& tx, const auth::Caller& caller,
    const google::protobuf::Message& request,
    google::protobuf::Message* response) {
  NANO_ASSIGN_OR_RETURN(const IdempotencyKey key, KeyOf(caller, request));
  return Replay(tx, key, response);
}

absl::StatusOr<IdempotencyKey> OnceWriter::KeyOf(
    const auth::Caller& caller, const google::protobuf::Message& request) {
  const std::string request_id = request.GetReflection()->GetString(
      request, request.GetDescriptor()->FindFieldByName("request_id"));
  NANO_RETURN_IF_ERROR(validation::CheckRequestId(request_id));
  const std::string& type = request.GetDescriptor()->name();
  const absl::string_view method =
      absl::string_view(type).substr(0, type.size() - sizeof("Request") + 1);
  return IdempotencyKey::For(caller, method, request_id, request);
}

absl::Status OnceWriter::MaybePrune(sql::Connection& tx) {
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&prune_mu_);
    if (now - last_prune_ < absl::Hours(1)) return absl::OkStatus();
    last_prune_ = now;
  }
  return Prune(tx, now);
}

}  // namespace nanoinfluence::idempotency
