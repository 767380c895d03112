// Tokens for tests: one fixed HS256 development secret, the settings servers
// under test verify with, and bearer headers for any caller.
//
//   grpc::ClientContext context;
//   AddBearer(context, BrandCaller("brand-a"));
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "libs/auth/caller.h"
#include "libs/auth/token.h"

namespace nanoinfluence::testing {

// The secret and the settings every test server and test client share.
const std::string& TestSecret();
std::shared_ptr<const auth::TokenSettings> TestTokenSettings();

// Writes TestSecret() to <dir>/jwt-secret and returns the path.
absl::StatusOr<std::string> WriteTestSecret(const std::string& dir);

auth::Caller OpsCaller(const std::string& subject = "ops-1");
auth::Caller BrandCaller(const std::string& brand_id,
                         const std::string& subject = "brand-user-1");
auth::Caller AmbassadorCaller(const std::string& ambassador_id);
auth::Caller ServiceCaller(const std::string& service = "test-service");

// A token for `caller` from the test settings, valid for `ttl`.
std::string TestToken(const auth::Caller& caller,
                      absl::Duration ttl = absl::Hours(1));

// Adds "authorization: Bearer <TestToken(caller)>" to the call.
void AddBearer(grpc::ClientContext& context, const auth::Caller& caller);

}  // namespace nanoinfluence::testing
