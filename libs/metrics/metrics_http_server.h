// Serves a registry over HTTP for Prometheus to scrape: `GET /metrics`
// answers the text exposition format 0.0.4; every other path is 404. Runs
// on Debian's embedded civetweb server (libcivetweb), two threads, apart
// from the gRPC port: probes stay on gRPC health.
//
//   NANO_ASSIGN_OR_RETURN(auto http, MetricsHttpServer::Start(
//       "127.0.0.1:9101", metrics::DefaultRegistry()));
//   ... http->address() ...
//
// The endpoint has no authentication: it shows method names, codes, counts
// and latencies, never a request's content or a person's data. Bind it to
// loopback or the pod's address and let a NetworkPolicy choose who scrapes.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/metrics/registry.h"

struct mg_context;
struct mg_connection;

namespace nanoinfluence::metrics {

class MetricsHttpServer {
 public:
  // Listens on `listen_address`: IPv4 `host:port` or `[IPv6]:port`, port 0
  // picking a free one. INVALID_ARGUMENT when it is not host:port,
  // UNAVAILABLE when it cannot be bound (in use, not a local address).
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(
      const std::string& listen_address, Registry& registry);

  // Stops listening and waits for a scrape in progress to end.
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  // The bound port (the real one for port 0).
  int port() const { return port_; }
  // host:port a scraper can dial.
  std::string address() const;

 private:
  MetricsHttpServer(Registry& registry, std::string host)
      : registry_(registry), host_(std::move(host)) {}

  static int HandleMetrics(struct mg_connection* connection, void* server);

  Registry& registry_;
  const std::string host_;
  struct mg_context* context_ = nullptr;
  int port_ = 0;
};

}  // namespace nanoinfluence::metrics
