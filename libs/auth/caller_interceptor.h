// Hands each call its own verified caller. The auth processor has already
// refused any call without a valid token and an allowed role, but what it
// learns cannot travel with the call: gRPC gives it the connection's auth
// context, shared by every call on that connection. So this interceptor,
// which gRPC creates per call, verifies the call's bearer token once more
// and writes the caller into the call's own metadata under the `nano-caller-`
// keys (after erasing whatever a client sent under them), and removes the
// token, so handlers and logs never see it. CallerOf() reads those keys.
#pragma once

#include <memory>
#include <string>

#include "grpcpp/support/server_interceptor.h"
#include "libs/auth/token_verifier.h"

namespace nanoinfluence::auth {

class CallerInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallerInterceptorFactory(std::shared_ptr<TokenVerifier> tokens)
      : tokens_(std::move(tokens)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  std::shared_ptr<TokenVerifier> tokens_;
};

}  // namespace nanoinfluence::auth
