// How a service's gRPC server listens, behaves and stops. Filled from flags in
// main and passed down (flags never reach library code).
#pragma once

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "libs/auth/auth_processor.h"
#include "libs/auth/transport_security.h"

namespace nanoinfluence {

struct ServerOptions {
  // host:port to listen on. Port 0 picks a free port (tests); read it back
  // with GrpcServer::port().
  std::string listen_address = "127.0.0.1:0";
  // host:port of a second listener serving only grpc.health.v1.Health in
  // plaintext, with the same statuses as the main port (Kubernetes' gRPC
  // probes cannot speak TLS or come from loopback); empty: none. Port 0
  // picks a free port; read it back with GrpcServer::health_port().
  std::string health_listen_address;
  // Server reflection (grpcurl list/describe). On by default: ops use it.
  bool enable_reflection = true;
  // Largest request or response accepted, in bytes. Bigger messages answer
  // RESOURCE_EXHAUSTED before any handler runs.
  int max_message_bytes = 4 * 1024 * 1024;
  // Ping an idle connection after this long, and drop it if the ping is not
  // answered within keepalive_timeout: finds dead peers behind NAT/LBs.
  absl::Duration keepalive_time = absl::Minutes(1);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  // Clients may not ping more often than this (protects against ping floods).
  absl::Duration min_client_ping_interval = absl::Seconds(10);
  // On shutdown, health answers NOT_SERVING for this long while calls are
  // still accepted, so load balancers and probes stop routing here first.
  absl::Duration drain_period = absl::ZeroDuration();
  // Then in-flight calls get this long to finish before being cancelled.
  absl::Duration shutdown_grace = absl::Seconds(10);
  // One JSON log line per call.
  bool log_calls = true;
  // Transport security: TLS or mutual TLS from certificate files; without a
  // certificate, plaintext for loopback peers only (the local suite).
  auth::TlsFiles tls;
  // Token verification, write rate limit, reflection access. Every RPC of a
  // hosted service is authenticated and authorized by the policy its
  // contract declares; `auth.tokens` is required.
  auth::AuthOptions auth;
};

}  // namespace nanoinfluence
