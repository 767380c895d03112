#include "libs/server/grpc_server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "libs/auth/caller_interceptor.h"
#include "libs/log/json_log.h"
#include "libs/server/call_log_interceptor.h"
#include "libs/server/call_metrics_interceptor.h"
#include "libs/server/health_listener.h"
#include "libs/server/malformed_request_interceptor.h"
#include "libs/server/reflection_option.h"
#include "libs/server/request_id.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence {
namespace {

int ToMillis(absl::Duration d) {
  return static_cast<int>(absl::ToInt64Milliseconds(d));
}

// The host of `listen_address` with the bound port; a wildcard host becomes
// the loopback address.
std::string DialAddress(const std::string& listen_address, int port) {
  std::string host = listen_address.substr(0, listen_address.rfind(':'));
  if (host.empty() || host == "0.0.0.0" || host == "[::]") host = "127.0.0.1";
  return absl::StrCat(host, ":", port);
}

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(
    const ServerOptions& options, const std::vector<HostedService>& services) {
  if (options.listen_address.empty()) {
    return absl::InvalidArgumentError("listen address: must not be empty");
  }
  if (options.max_message_bytes <= 0) {
    return absl::InvalidArgumentError("max message bytes: must be positive");
  }
  if (options.auth.tokens == nullptr) {
    return absl::InvalidArgumentError(
        "token settings: required (every RPC authenticates)");
  }
  NANO_RETURN_IF_ERROR(auth::ValidateRateLimit(options.auth.write_limit));
  std::vector<std::string> names;
  for (const HostedService& hosted : services) names.push_back(hosted.name);
  NANO_ASSIGN_OR_RETURN(auth::AccessPolicyTable policies,
                        auth::AccessPolicyTable::ForServices(names));
  NANO_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                        auth::ServerCredentialsFor(options.tls));
  // Runs before any handler and can fail the call: the single place where
  // authentication, authorization and rate limiting happen.
  // One verifier for both checks of a call, so the second is a lookup.
  auth::AuthOptions auth_options = options.auth;
  auth_options.verifier =
      std::make_shared<auth::TokenVerifier>(options.auth.tokens);
  // One set of series per server, shared by the refusals counted around the
  // processor and the calls counted by an interceptor.
  auto call_metrics = std::make_shared<CallMetrics>(names);
  credentials->SetAuthMetadataProcessor(std::make_shared<RefusedCallCounter>(
      std::make_shared<auth::AuthProcessor>(std::move(policies), auth_options),
      call_metrics));

  // First, so a bad health address fails the start before anything else
  // listens. It answers NOT_SERVING until the main server serves.
  std::unique_ptr<HealthListener> health_listener;
  if (!options.health_listen_address.empty()) {
    NANO_ASSIGN_OR_RETURN(health_listener,
                          HealthListener::Start(options.health_listen_address));
  }

  // Process-wide switch; must be set before the builder is created.
  grpc::EnableDefaultHealthCheckService(true);

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen_address, credentials, &port);
  for (const HostedService& hosted : services) {
    builder.RegisterService(hosted.service);
  }
  builder.SetOption(
      std::make_unique<ReflectionOption>(options.enable_reflection));
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                             ToMillis(options.keepalive_time));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             ToMillis(options.keepalive_timeout));
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      ToMillis(options.min_client_ping_interval));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // gRPC sets SO_REUSEPORT by default: a second server on a busy port would
  // silently share its traffic instead of failing to start.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  // First, so handlers and the call log see the call's request id and the
  // caller.
  interceptors.push_back(std::make_unique<RequestIdInterceptorFactory>());
  interceptors.push_back(
      std::make_unique<auth::CallerInterceptorFactory>(auth_options.verifier));
  // Before the metrics and the call log, so they see the rewritten status.
  interceptors.push_back(
      std::make_unique<MalformedRequestInterceptorFactory>());
  interceptors.push_back(
      std::make_unique<CallMetricsInterceptorFactory>(call_metrics));
  if (options.log_calls) {
    interceptors.push_back(std::make_unique<CallLogInterceptorFactory>());
  }
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  InstallProtobufLogCapture();
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("listen address ", options.listen_address,
                     ": cannot listen there (in use or not a local address)"));
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  for (const std::string& name : names) health->SetServingStatus(name, true);
  health->SetServingStatus(true);
  if (health_listener != nullptr) health_listener->SetServing(names, true);
  return std::unique_ptr<GrpcServer>(
      new GrpcServer(options, std::move(server), port,
                     std::move(health_listener), std::move(names)));
}

GrpcServer::GrpcServer(ServerOptions options,
                       std::unique_ptr<grpc::Server> server, int port,
                       std::unique_ptr<HealthListener> health_listener,
                       std::vector<std::string> service_names)
    : options_(std::move(options)),
      server_(std::move(server)),
      port_(port),
      health_listener_(std::move(health_listener)),
      service_names_(std::move(service_names)) {}

GrpcServer::~GrpcServer() { Shutdown(); }

int GrpcServer::health_port() const {
  return health_listener_ != nullptr ? health_listener_->port() : 0;
}

std::string GrpcServer::address() const {
  return DialAddress(options_.listen_address, port_);
}

std::string GrpcServer::health_address() const {
  if (health_listener_ == nullptr) return "";
  return DialAddress(options_.health_listen_address, health_listener_->port());
}

void GrpcServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  LogLine("info", "shutdown started")
      .Add("drain_ms", absl::ToInt64Milliseconds(options_.drain_period))
      .Add("grace_ms", absl::ToInt64Milliseconds(options_.shutdown_grace))
      .Emit();
  server_->GetHealthCheckService()->SetServingStatus(false);
  if (health_listener_ != nullptr) {
    health_listener_->SetServing(service_names_, false);
  }
  absl::SleepFor(options_.drain_period);
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(options_.shutdown_grace));
  server_->Wait();
  // After the grace: probes keep seeing NOT_SERVING while calls finish.
  if (health_listener_ != nullptr) health_listener_->Shutdown();
  LogLine("info", "shutdown complete").Emit();
}

}  // namespace nanoinfluence
