// A second, plaintext listener that serves only grpc.health.v1.Health, for
// Kubernetes' native `grpc:` probes: the kubelet speaks plaintext gRPC, while
// the main port is TLS or answers loopback callers only. GrpcServer owns one
// when ServerOptions::health_listen_address is set and keeps its statuses in
// step with the main server's health.
//
//   NANO_ASSIGN_OR_RETURN(auto listener,
//   HealthListener::Start("0.0.0.0:8080"));
//   listener->SetServing({"nanoinfluence.kpi.v1.KpiService"}, true);
//   ...
//   listener->Shutdown();
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/server.h"

namespace nanoinfluence {

class HealthListener {
 public:
  // Listens on `address` (host:port; port 0 picks a free port). Health
  // answers NOT_SERVING overall until SetServing says otherwise; every other
  // RPC, reflection included, answers UNIMPLEMENTED. INVALID_ARGUMENT for an
  // address that is not host:port, UNAVAILABLE when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<HealthListener>> Start(
      const std::string& address);

  ~HealthListener();

  // The bound port (the real one when the address asked for port 0).
  int port() const { return port_; }

  // Sets the status of each of `names` and the overall one ("").
  void SetServing(const std::vector<std::string>& names, bool serving);

  // Stops listening; health calls still running are cancelled (they are
  // short, and a Watch stream must not hold the process). Idempotent.
  void Shutdown();

 private:
  HealthListener(std::unique_ptr<grpc::CallbackGenericService> unimplemented,
                 std::unique_ptr<grpc::Server> server, int port);

  // Outlives the server that calls it.
  std::unique_ptr<grpc::CallbackGenericService> unimplemented_;
  std::unique_ptr<grpc::Server> server_;
  int port_;
  bool shut_down_ = false;
};

}  // namespace nanoinfluence
