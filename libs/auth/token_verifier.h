// Verifies bearer tokens and remembers the ones already verified. A client
// sends the same token on many calls, and each call is checked twice (by the
// auth processor before the handler, and again by the caller interceptor
// that hands the caller to the handler): a remembered token costs a hash
// lookup instead of a signature check. An entry answers only inside the
// token's validity window (exp and nbf, with the clock skew), so expiry
// holds exactly as in VerifyToken. Refused tokens are not remembered. The
// memory is bounded: when full, it starts over.
//
//   auto verifier = std::make_shared<TokenVerifier>(settings);
//   absl::StatusOr<Caller> caller = verifier->Verify(token, absl::Now());
#pragma once

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "libs/auth/token.h"

namespace nanoinfluence::auth {

class TokenVerifier {
 public:
  explicit TokenVerifier(std::shared_ptr<const TokenSettings> settings,
                         size_t capacity = 10'000)
      : settings_(std::move(settings)), capacity_(capacity) {}

  // As VerifyToken.
  absl::StatusOr<Caller> Verify(absl::string_view token, absl::Time now);

  const TokenSettings& settings() const { return *settings_; }

 private:
  const std::shared_ptr<const TokenSettings> settings_;
  const size_t capacity_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, VerifiedToken> verified_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace nanoinfluence::auth
