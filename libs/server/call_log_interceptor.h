// Logs one JSON line per finished call: method, status code, latency, peer,
// request id (request_id.h).
// Installed by GrpcServer when ServerOptions::log_calls is set.
#pragma once

#include "grpcpp/support/server_interceptor.h"

namespace nanoinfluence {

class CallLogInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace nanoinfluence
