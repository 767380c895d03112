#include "libs/idempotency/idempotency.h"

#include <openssl/sha.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::idempotency {
namespace {

// Deterministic bytes of a message (map order fixed), for fingerprints.
std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

std::string Sha256(absl::string_view bytes) {
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

}  // namespace

IdempotencyKey IdempotencyKey::For(const auth::Caller& caller,
                                   absl::string_view method,
                                   absl::string_view request_id,
                                   const google::protobuf::Message& request) {
  IdempotencyKey key;
  // Role, subject and tenant: a brand user's key never answers an ops user.
  key.scope = absl::StrCat(method, "|", auth::RoleName(caller.role), "|",
                           caller.subject, "|", caller.brand_id, "|",
                           caller.ambassador_id);
  key.request_id = std::string(request_id);
  key.fingerprint = Sha256(DeterministicBytes(request));
  return key;
}

absl::StatusOr<bool> Replay(sql::Connection& tx, const IdempotencyKey& key,
                            google::protobuf::Message* response) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT fingerprint, response FROM idempotency_keys "
               "WHERE scope = ? AND request_id = ?",
               {key.scope, key.request_id}));
  if (rows.rows.empty()) return false;
  if (rows.rows[0].Text(0) != key.fingerprint) {
    return absl::AlreadyExistsError(
        "request_id: already used for another request; use a new id for a "
        "new request");
  }
  if (!response->ParseFromString(rows.rows[0].Text(1))) {
    return absl::InternalError("request_id: the stored answer is unreadable");
  }
  return true;
}

absl::Status Remember(sql::Connection& tx, const IdempotencyKey& key,
                      const google::protobuf::Message& response) {
  sql::Value subject = sql::kNull;
  if (!key.data_subject.empty()) subject = key.data_subject;
  return tx
      .Execute(
          "INSERT INTO idempotency_keys (scope, request_id, fingerprint, "
          "response, data_subject, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          {key.scope, key.request_id, sql::Blob{key.fingerprint},
           sql::Blob{response.SerializeAsString()}, subject,
           absl::ToUnixMicros(absl::Now())})
      .status();
}

absl::Status ForgetDataSubject(sql::Connection& tx,
                               absl::string_view ambassador_id) {
  // Answers about several people (a selection, invitations) name each by
  // id: those holding the id go too. Erasure is rare; the scan is bounded
  // by the retention.
  return tx
      .Execute(
          "DELETE FROM idempotency_keys WHERE data_subject = ? OR "
          "instr(response, ?) > 0",
          {std::string(ambassador_id), sql::Blob{std::string(ambassador_id)}})
      .status();
}

absl::Status Prune(sql::Connection& tx, absl::Time now,
                   absl::Duration retention) {
  return tx
      .Execute("DELETE FROM idempotency_keys WHERE created_at < ?",
               {absl::ToUnixMicros(now - retention)})
      .status();
}

}  // namespace nanoinfluence::idempotency
