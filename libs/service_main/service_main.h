// The shared main of the four service binaries: parses the standard flags
// (each also settable as NANO_<FLAG> in the environment), opens and migrates
// the service's database, starts the gRPC server with health and reflection,
// waits for SIGTERM/SIGINT, shuts down gracefully. Bad configuration stops the
// binary at start with exit code 2 and a message naming the setting.
//
// The standard flags are defined in service_main.cc, the one file every
// service main links; a service's own flags live in its main.cc.
//
//   int main(int argc, char** argv) {
//     return nanoinfluence::RunServiceMain(argc, argv, {
//         .name = "kpi",
//         .migrations = kpi::Migrations(),
//         .make_services = [](ServiceContext& ctx) { ... }});
//   }
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/impl/service_type.h"
#include "libs/auth/peer_client.h"
#include "libs/auth/token.h"
#include "libs/auth/transport_security.h"
#include "libs/events/outbox.h"
#include "libs/redis/redis_pool.h"
#include "libs/server/blocking_pool.h"
#include "libs/server/grpc_server.h"
#include "libs/sql/database.h"
#include "libs/sql/migrations.h"

namespace nanoinfluence {

// What a service's factory gets to build its gRPC services with.
struct ServiceContext {
  // The service's short name ("dispatch"): the caller name of its tokens.
  std::string name;
  sql::Database& db;
  // Where handlers that block run (FinishOnPool), off gRPC's event threads.
  BlockingPool& handlers;
  // Token keys, for minting the service's own tokens when it calls peers.
  std::shared_ptr<const auth::TokenSettings> tokens;
  // Transport security, which peer clients use too (auth::PeerClient).
  auth::TlsFiles tls;
  // The service's outbox: events appended in a write transaction reach the
  // subscribers through the relay (libs/events).
  const events::Outbox& outbox;
  // host:port of every other service of the suite, by name (--peers).
  std::map<std::string, std::string> peers;
  // The Redis of the shared tier cache (--redis*), for tiers::TierReader
  // and TierCacheWriter.
  redis::RedisOptions redis;

  // A client of another service of the suite (`peer`, at its --peers
  // address), calling as this service with its own tokens.
  absl::StatusOr<std::unique_ptr<auth::PeerClient>> ConnectPeer(
      const std::string& peer) const;
};

// The gRPC services a binary hosts, owned here.
struct ServiceBundle {
  std::vector<std::unique_ptr<grpc::Service>> owned;
  std::vector<HostedService> hosted;
  // Runs when shutdown starts, before the server stops taking calls: ends
  // calls that would otherwise stay open (live streams) with their status.
  std::function<void()> on_shutdown;
};

struct ServiceDefinition {
  // Short name: "recruitment", "dispatch", "ugc", "kpi" (libs/suite). Names
  // the SQLite file and the producer of the service's events; gives the
  // default port.
  std::string name;
  // The service's embedded schema migrations.
  std::span<const sql::Migration> migrations;
  // Builds the service's gRPC services once the database is ready.
  std::function<absl::StatusOr<ServiceBundle>(ServiceContext&)> make_services;
  // Who receives the service's events: subscriber name -> the payload names
  // it takes ("TierChanged"; empty: every event). The relay delivers to
  // each at the address --peers gives it.
  std::map<std::string, std::vector<std::string>> event_routes;
};

// A factory hosting a single gRPC service built from the context:
//   .make_services = HostOne<KpiGrpcService>(KpiService::service_full_name())
template <typename GrpcService>
std::function<absl::StatusOr<ServiceBundle>(ServiceContext&)> HostOne(
    std::string name) {
  return [name](ServiceContext& context) -> absl::StatusOr<ServiceBundle> {
    ServiceBundle bundle;
    auto service = std::make_unique<GrpcService>(context);
    bundle.hosted.push_back({service.get(), name});
    bundle.owned.push_back(std::move(service));
    return bundle;
  };
}

// Runs the service until SIGTERM/SIGINT; returns the process exit code.
int RunServiceMain(int argc, char** argv, const ServiceDefinition& definition);

}  // namespace nanoinfluence
