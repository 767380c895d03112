// A service hosted by the real server runtime inside the test process, on a
// free loopback port: unit tests of a service's gRPC glue call it over a real
// socket without starting a binary.
//
//   KpiGrpcService service(...);
//   InProcessServer server(&service, KpiService::service_full_name());
//   auto stub = KpiService::NewStub(server.channel());
//
// Header-only on purpose: it needs libs/server (which links gRPC's reflection
// library) and must not drag libs/probe into the same binary.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/server/grpc_server.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {

class InProcessServer {
 public:
  InProcessServer(grpc::Service* service, const std::string& name,
                  ServerOptions options = {}) {
    options.listen_address = "127.0.0.1:0";
    if (options.auth.tokens == nullptr)
      options.auth.tokens = TestTokenSettings();
    auto server = GrpcServer::Start(options, {{service, name}});
    if (!server.ok()) throw std::runtime_error(server.status().ToString());
    server_ = std::move(*server);
  }

  std::shared_ptr<grpc::Channel> channel() const {
    return grpc::CreateChannel(server_->address(),
                               grpc::InsecureChannelCredentials());
  }
  GrpcServer& server() { return *server_; }

 private:
  std::unique_ptr<GrpcServer> server_;
};

}  // namespace nanoinfluence::testing
