#include "libs/server/health_listener.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "libs/server/reflection_option.h"

namespace nanoinfluence {
namespace {

// A health request is a service name: nothing bigger is needed, and the port
// answers anyone who reaches it.
constexpr int kMaxMessageBytes = 4 * 1024;

}  // namespace

absl::StatusOr<std::unique_ptr<HealthListener>> HealthListener::Start(
    const std::string& address) {
  if (address.find(':') == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--health_listen: \"", address, "\" is not host:port"));
  }
  // Process-wide switch; must be set before the builder is created. The
  // default service is then the only one this server hosts.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  // Plaintext on purpose: the kubelet's gRPC probe cannot speak TLS. Health
  // reveals only whether the service serves, so it needs no token either
  // (the main port serves it without one too: libs/auth).
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
  // Answers every other method UNIMPLEMENTED. Needed too: gRPC adds the
  // default health service when the server starts, after the builder has
  // refused a server without any service ("At least one of the completion
  // queues must be frequently polled").
  auto unimplemented = std::make_unique<grpc::CallbackGenericService>();
  builder.RegisterCallbackGenericService(unimplemented.get());
  builder.SetOption(std::make_unique<ReflectionOption>(false));
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  // As on the main port: a busy port must fail the start, not be shared.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("--health_listen: cannot listen on ", address,
                     " (in use or not a local address)"));
  }
  // Nothing is served yet: the owner says when the service is.
  server->GetHealthCheckService()->SetServingStatus(false);
  return std::unique_ptr<HealthListener>(
      new HealthListener(std::move(unimplemented), std::move(server), port));
}

HealthListener::HealthListener(
    std::unique_ptr<grpc::CallbackGenericService> unimplemented,
    std::unique_ptr<grpc::Server> server, int port)
    : unimplemented_(std::move(unimplemented)),
      server_(std::move(server)),
      port_(port) {}

HealthListener::~HealthListener() { Shutdown(); }

void HealthListener::SetServing(const std::vector<std::string>& names,
                                bool serving) {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  for (const std::string& name : names) {
    health->SetServingStatus(name, serving);
  }
  health->SetServingStatus("", serving);
}

void HealthListener::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  server_->Shutdown(std::chrono::system_clock::now());
  server_->Wait();
}

}  // namespace nanoinfluence
