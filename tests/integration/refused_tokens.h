// The authorization headers every method must answer UNAUTHENTICATED, by
// name ("no token", "expired", ...), and a bearer header for a caller: the
// token columns of QUALITY.md's authz row, shared by the matrices that call
// every method.
//
//   for (const auto& [name, header] : RefusedAuthorizations()) ...
#pragma once

#include <map>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "libs/auth/token.h"

namespace nanoinfluence::testing {

// "Bearer <token>" for `caller`, minted with `settings`, issued at `now` and
// valid for an hour from then.
std::string Bearer(const auth::TokenSettings& settings,
                   const auth::Caller& caller, absl::Time now = absl::Now());

// No token, a non-bearer header, a malformed token, a bad signature, an
// expired token, a wrong audience, a wrong issuer.
std::map<std::string, std::string> RefusedAuthorizations();

}  // namespace nanoinfluence::testing
