#include "libs/auth/bearer.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace nanoinfluence::auth {
namespace {

constexpr absl::string_view kBearer = "Bearer ";

}  // namespace

std::string BearerValue(absl::string_view token) {
  return absl::StrCat(kBearer, token);
}

absl::StatusOr<Caller> CallerFromMetadata(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
    TokenVerifier& verifier) {
  auto [first, last] = metadata.equal_range(kAuthorizationKey);
  if (first == last) {
    return absl::UnauthenticatedError(
        "authorization: no bearer token (metadata \"authorization: Bearer "
        "<token>\")");
  }
  if (std::next(first) != last) {
    return absl::UnauthenticatedError(
        "authorization: more than one value; send exactly one");
  }
  const absl::string_view header(first->second.data(), first->second.size());
  if (!absl::StartsWithIgnoreCase(header, kBearer)) {
    return absl::UnauthenticatedError(
        "authorization: not a bearer token (expected \"Bearer <token>\")");
  }
  return verifier.Verify(header.substr(kBearer.size()), absl::Now());
}

}  // namespace nanoinfluence::auth
