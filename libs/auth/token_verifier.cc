#include "libs/auth/token_verifier.h"

#include <utility>

namespace nanoinfluence::auth {

absl::StatusOr<Caller> TokenVerifier::Verify(absl::string_view token,
                                             absl::Time now) {
  {
    absl::MutexLock lock(&mu_);
    const auto it = verified_.find(token);
    if (it != verified_.end() && it->second.ValidAt(now)) {
      return it->second.caller;
    }
  }
  absl::StatusOr<VerifiedToken> verified =
      VerifyTokenClaims(*settings_, token, now);
  if (!verified.ok()) return verified.status();
  absl::MutexLock lock(&mu_);
  if (verified_.size() >= capacity_) verified_.clear();
  verified_.insert_or_assign(std::string(token), *verified);
  return verified->caller;
}

}  // namespace nanoinfluence::auth
