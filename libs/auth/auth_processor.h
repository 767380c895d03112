// The one check every call passes before any handler runs: gRPC hands each
// call's metadata to this processor (it is installed on the server's
// credentials), and a non-OK answer ends the call with that status.
//
//   health (grpc.health.v1.Health)       open to all (probes)
//   reflection                           open, or ops only when configured
//   a hosted service's method            bearer token verified, the role
//                                        checked against the method's
//                                        `access` option, writes rate
//                                        limited per caller
//   anything else                        UNIMPLEMENTED
//
// The processor decides only: what it could learn about the caller cannot
// travel with the call (gRPC gives it the connection's auth context, shared
// by every call on the connection). caller_interceptor.h attaches the caller
// to each call.
#pragma once

#include <memory>

#include "grpcpp/security/auth_metadata_processor.h"
#include "libs/auth/access_policy.h"
#include "libs/auth/rate_limiter.h"
#include "libs/auth/token.h"
#include "libs/auth/token_verifier.h"

namespace nanoinfluence::auth {

struct AuthOptions {
  // Keys and claims tokens are verified against. Required.
  std::shared_ptr<const TokenSettings> tokens;
  // Verifies with `tokens`, remembering verified tokens; shared with the
  // caller interceptor. Made from `tokens` when unset.
  std::shared_ptr<TokenVerifier> verifier;
  // Per-caller limit on write RPCs (the suite's own service calls are exempt:
  // the event relay sends batches).
  RateLimit write_limit;
  // Reflection needs an ops token when set (it is open by default so that
  // grpcurl list/describe works without one).
  bool reflection_requires_ops = false;
};

class AuthProcessor : public grpc::AuthMetadataProcessor {
 public:
  AuthProcessor(AccessPolicyTable policies, AuthOptions options);

  // Token checks are CPU only and short: run inline on gRPC's thread.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& metadata,
                       grpc::AuthContext* context,
                       OutputMetadata* consumed_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  // The whole decision for one call; OK lets it through to its handler.
  grpc::Status Check(absl::string_view path, const InputMetadata& metadata);

  const AccessPolicyTable policies_;
  const AuthOptions options_;
  RateLimiter write_limiter_;
};

}  // namespace nanoinfluence::auth
