// The bearer token of a call: `authorization: Bearer <token>` metadata.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/string_ref.h"
#include "libs/auth/caller.h"
#include "libs/auth/token_verifier.h"

namespace nanoinfluence::auth {

inline constexpr char kAuthorizationKey[] = "authorization";

// The metadata value carrying `token`: "Bearer <token>".
std::string BearerValue(absl::string_view token);

// The caller the call's token speaks for. UNAUTHENTICATED when there is no
// `authorization` entry, more than one, one that is not "Bearer <token>", or
// a token the verifier refuses.
absl::StatusOr<Caller> CallerFromMetadata(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
    TokenVerifier& verifier);

}  // namespace nanoinfluence::auth
