// One id per request, followed across the services: taken from the caller's
// `x-request-id` metadata (or made up when it is absent or unusable), logged
// on the call's line, echoed in the response's initial metadata, and sent on
// every call a handler makes to a peer, whose log then carries the same id.
//
// - RequestIdInterceptorFactory (a server interceptor GrpcServer installs)
//   settles the call's id before any handler runs; RequestIdOf(context)
//   reads it.
// - FinishOnPool runs each unary handler inside a RequestIdScope, so code
//   on that thread sees CurrentRequestId().
// - PropagateRequestIds() adds a process-wide client interceptor that puts
//   CurrentRequestId() on outgoing calls (auth::PeerClient's included).
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"

namespace nanoinfluence {

inline constexpr char kRequestIdKey[] = "x-request-id";

// Whether a caller's id is kept: 1 to 128 printable ASCII characters, no
// space (it goes into log lines and other services' metadata as is).
bool IsUsableRequestId(absl::string_view id);

// A new random id (a version 4 UUID in text form).
std::string GenerateRequestId();

// The call's id, as the interceptor settled it; "" on a server without the
// interceptor.
std::string RequestIdOf(const grpc::ServerContextBase& context);

// The id of the request the current thread works for; "" when none.
absl::string_view CurrentRequestId();

// Makes `id` the current thread's request id until the scope ends.
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  std::string previous_;
};

class RequestIdInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// From now on, every client call of the process made while a request id is
// current carries it as `x-request-id` (unless the call set one itself).
// gRPC allows one such global client interceptor, which applies to channels
// created afterwards: call this once, early in main, before any channel.
void PropagateRequestIds();

}  // namespace nanoinfluence
