// The one way every service starts and stops its gRPC server: health
// (grpc.health.v1.Health, overall and per service name; also on an optional
// plaintext health-only port for Kubernetes probes), reflection, keepalive,
// message size limits, one log line per call, graceful shutdown, and the
// security every call passes before its handler: TLS or loopback-only
// plaintext, bearer token, the contract's access policy, write rate limit
// (libs/auth).
//
//   RecruitmentGrpcService service(...);
//   NANO_ASSIGN_OR_RETURN(
//       auto server,
//       GrpcServer::Start(options, {{&service,
//       RecruitmentService::service_full_name()}}));
//   WaitForShutdownSignal();
//   server->Shutdown();
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "libs/server/health_listener.h"
#include "libs/server/server_options.h"

namespace nanoinfluence {

// A service to host and the full name health reports it under
// ("nanoinfluence.recruitment.v1.RecruitmentService").
struct HostedService {
  grpc::Service* service;  // Not owned; must outlive the server.
  std::string name;
};

class GrpcServer {
 public:
  // Builds and starts a server for `services`. Health reports SERVING overall
  // and for each service's full name once this returns, on the main port and
  // on the health port when options.health_listen_address is set.
  // UNAVAILABLE when an address cannot be bound, INVALID_ARGUMENT for bad
  // options or a method without an access policy.
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(
      const ServerOptions& options, const std::vector<HostedService>& services);

  ~GrpcServer();

  // The bound port (the real one when the options asked for port 0).
  int port() const { return port_; }
  // "127.0.0.1:<port>" style address clients can dial.
  std::string address() const;
  // The bound port of the plaintext health listener; 0 when there is none.
  int health_port() const;
  // Its dialable address like address(); "" when there is none.
  std::string health_address() const;

  // Health turns NOT_SERVING (on both ports), the drain period passes, then new
  // calls are refused and in-flight calls get the shutdown grace to finish;
  // then the health listener stops. Idempotent.
  void Shutdown();

  // The underlying server, for in-process channels in tests.
  grpc::Server* server() { return server_.get(); }

 private:
  GrpcServer(ServerOptions options, std::unique_ptr<grpc::Server> server,
             int port, std::unique_ptr<HealthListener> health_listener,
             std::vector<std::string> service_names);

  ServerOptions options_;
  std::unique_ptr<grpc::Server> server_;
  int port_;
  std::unique_ptr<HealthListener> health_listener_;  // Null: none.
  std::vector<std::string> service_names_;
  bool shut_down_ = false;
};

}  // namespace nanoinfluence
