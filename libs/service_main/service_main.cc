#include "libs/service_main/service_main.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/auth_flags/auth_flags.h"
#include "libs/events/relay.h"
#include "libs/flags/env_flags.h"
#include "libs/log/json_log.h"
#include "libs/metrics/metrics_http_server.h"
#include "libs/metrics/process_metrics.h"
#include "libs/metrics/registry.h"
#include "libs/server/request_id.h"
#include "libs/server/shutdown_signal.h"
#include "libs/service_main/malloc_tuning.h"
#include "libs/sql/open_database.h"
#include "libs/status/status_macros.h"
#include "libs/suite/suite_services.h"

ABSL_FLAG(std::string, listen, "",
          "host:port to serve gRPC on; default 127.0.0.1:<service's port>. "
          "Port 0 picks a free port (see --port_file).");
ABSL_FLAG(std::string, port_file, "",
          "After start, write the bound host:port to this file (for tests "
          "and launchers that use port 0).");
ABSL_FLAG(std::string, data_dir, "data",
          "Folder of the embedded SQLite database file <service>.db.");
ABSL_FLAG(std::string, database_url, "",
          "Database instead of the embedded file: sqlite:<path> or "
          "postgresql://...");
ABSL_FLAG(int, database_pool_size, 4,
          "Database connections kept open, 1..64: reads run on them at once, "
          "writes take turns. Size it to the reads in flight; on PostgreSQL, "
          "replicas x this must stay under the server's max_connections.");
ABSL_FLAG(std::string, sqlite_synchronous, "FULL",
          "SQLite durability: FULL (every commit on disk) or NORMAL.");
ABSL_FLAG(bool, reflection, true,
          "Serve gRPC server reflection (grpcurl list/describe).");
ABSL_FLAG(int, max_message_bytes, 4 * 1024 * 1024,
          "Largest request or response, in bytes.");
ABSL_FLAG(absl::Duration, drain_period, absl::Seconds(0),
          "On SIGTERM, answer health NOT_SERVING this long before refusing "
          "new calls (set it above the probe period in Kubernetes).");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "On SIGTERM, time in-flight calls get to finish.");
ABSL_FLAG(int, handler_threads, 32,
          "Threads running the handlers of calls (1..1024): calls beyond "
          "this many wait their turn.");
ABSL_FLAG(int, malloc_arenas, 2,
          "Most glibc malloc arenas the process uses (0: glibc's default, 8 "
          "per core); fewer arenas share their free memory "
          "(libs/service_main/malloc_tuning.h).");
ABSL_FLAG(absl::Duration, malloc_trim_interval, absl::Seconds(30),
          "How often free heap pages go back to the system (malloc_trim); "
          "0 never.");
ABSL_FLAG(bool, log_calls, true, "Log one JSON line per call.");
ABSL_FLAG(std::string, metrics_listen, "",
          "host:port to serve Prometheus metrics on, at /metrics (HTTP); "
          "empty (the default) serves none. Port 0 picks a free port (the "
          "\"serving\" log line names it).");
ABSL_FLAG(std::string, health_listen, "",
          "host:port of a second, plaintext gRPC port serving only "
          "grpc.health.v1.Health, for Kubernetes' grpc probes; empty (the "
          "default) serves none. Port 0 picks a free port (the \"serving\" "
          "log line names it).");
ABSL_FLAG(bool, reflection_requires_ops, false,
          "Reflection answers only callers with an ops token.");
ABSL_FLAG(double, write_rate_per_second, 50,
          "Write RPCs each caller (token subject) may make per second, "
          "sustained; 0 turns the limit off. Service tokens are exempt.");
ABSL_FLAG(double, write_burst, 100,
          "Write RPCs a caller may make at once after being idle.");
ABSL_FLAG(std::string, peers, "",
          "Addresses of the other services: name=host:port,... (default: "
          "127.0.0.1 at each one's default port).");
ABSL_FLAG(std::string, redis, "127.0.0.1:7100",
          "host:port of the Redis holding the shared tier cache.");
ABSL_FLAG(std::string, redis_password, "",
          "Redis AUTH password; prefer the NANO_REDIS_PASSWORD variable.");
ABSL_FLAG(int, redis_database, 0, "Redis database number.");
ABSL_FLAG(absl::Duration, redis_timeout, absl::Milliseconds(250),
          "Connect and socket read/write timeout of every Redis call: past "
          "it, a tier lookup falls back to recruitment.");
ABSL_FLAG(int, relay_batch_size, 200,
          "Events per delivery to a subscriber (1..500).");
ABSL_FLAG(absl::Duration, outbox_retention, absl::Hours(24),
          "Delivered events stay in the outbox this long.");

namespace nanoinfluence {
namespace {

// Prints a configuration or start-up error and gives the exit code for it.
int Fail(absl::string_view service, const absl::Status& status) {
  LogLine("error", "start failed")
      .Add("service", service)
      .Add("error", status.ToString())
      .Emit();
  std::fprintf(stderr, "%s: cannot start: %s\n", std::string(service).c_str(),
               std::string(status.message()).c_str());
  return 2;
}

absl::StatusOr<ServerOptions> ServerOptionsFromFlags(
    const SuiteService& service) {
  ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  if (options.listen_address.empty()) {
    options.listen_address = absl::StrCat("127.0.0.1:", service.default_port);
  }
  if (options.listen_address.find(':') == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--listen: \"", options.listen_address, "\" is not host:port"));
  }
  // Checked and bound by GrpcServer::Start, whose errors name the flag.
  options.health_listen_address = absl::GetFlag(FLAGS_health_listen);
  options.enable_reflection = absl::GetFlag(FLAGS_reflection);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  if (options.max_message_bytes < 1024) {
    return absl::InvalidArgumentError("--max_message_bytes: must be >= 1024");
  }
  options.drain_period = absl::GetFlag(FLAGS_drain_period);
  options.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  if (options.drain_period < absl::ZeroDuration() ||
      options.shutdown_grace < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--drain_period, --shutdown_grace: must not be negative");
  }
  options.log_calls = absl::GetFlag(FLAGS_log_calls);
  options.tls = TlsFilesFromFlags();
  NANO_ASSIGN_OR_RETURN(auth::TokenSettings tokens,
                        auth::LoadTokenSettings(TokenKeyFilesFromFlags()));
  options.auth.tokens =
      std::make_shared<const auth::TokenSettings>(std::move(tokens));
  options.auth.reflection_requires_ops =
      absl::GetFlag(FLAGS_reflection_requires_ops);
  options.auth.write_limit = {
      .per_second = absl::GetFlag(FLAGS_write_rate_per_second),
      .burst = absl::GetFlag(FLAGS_write_burst)};
  NANO_RETURN_IF_ERROR(auth::ValidateRateLimit(options.auth.write_limit));
  return options;
}

absl::Status WritePortFile(const std::string& path,
                           const std::string& address) {
  if (path.empty()) return absl::OkStatus();
  // Written under a temporary name then renamed, so a reader never sees a
  // half-written address.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << address << "\n";
    if (!out) {
      return absl::UnavailableError(
          absl::StrCat("--port_file: cannot write ", temporary));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return absl::UnavailableError(
        absl::StrCat("--port_file: cannot write ", path));
  }
  return absl::OkStatus();
}

// The database must be this service's own: starting dispatch on
// recruitment.db by a wrong --database_url would write into another service's
// data.
absl::Status CheckDatabaseOwner(sql::Database& db, absl::string_view service) {
  absl::StatusOr<sql::ResultSet> owner =
      db.Query("SELECT value FROM service_metadata WHERE key = 'service'");
  if (!owner.ok()) return owner.status();
  if (owner->rows.empty() || owner->rows[0].Text(0) != service) {
    return absl::FailedPreconditionError(
        absl::StrCat("database belongs to the \"",
                     owner->rows.empty() ? "" : owner->rows[0].Text(0),
                     "\" service, not \"", service, "\""));
  }
  return absl::OkStatus();
}

// --peers over the defaults: every other service at its default port.
absl::StatusOr<std::map<std::string, std::string>> PeersFromFlags(
    absl::string_view self) {
  std::map<std::string, std::string> peers;
  for (const SuiteService& service : kSuiteServices) {
    if (service.name == self) continue;
    peers[std::string(service.name)] =
        absl::StrCat("127.0.0.1:", service.default_port);
  }
  for (absl::string_view entry :
       absl::StrSplit(absl::GetFlag(FLAGS_peers), ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> peer =
        absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (!peers.contains(peer.first) ||
        peer.second.find(':') == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--peers: \"", entry, "\" is not <other service>=host:port"));
    }
    peers[peer.first] = peer.second;
  }
  return peers;
}

absl::StatusOr<redis::RedisOptions> RedisFromFlags() {
  redis::RedisOptions options;
  const std::string address = absl::GetFlag(FLAGS_redis);
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &options.port) ||
      options.port <= 0 || options.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--redis: \"", address, "\" is not host:port"));
  }
  options.host = address.substr(0, colon);
  options.password = absl::GetFlag(FLAGS_redis_password);
  options.database = absl::GetFlag(FLAGS_redis_database);
  options.connect_timeout = options.io_timeout =
      absl::GetFlag(FLAGS_redis_timeout);
  if (options.database < 0 || options.io_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--redis_database, --redis_timeout: must not be negative, the "
        "timeout positive");
  }
  return options;
}

// The relay of the service's outbox, when it has subscribers.
// Its delivery leases are held as "<hostname>:<port>": a replica restarted
// in place takes them back at once (libs/events/relay.h).
absl::StatusOr<std::unique_ptr<events::OutboxRelay>> StartRelay(
    const ServiceDefinition& definition, sql::Database& db,
    const ServiceContext& context, const std::string& bound_address) {
  if (definition.event_routes.empty()) return nullptr;
  std::vector<events::Subscriber> subscribers;
  for (const auto& [name, types] : definition.event_routes) {
    auto peer = context.peers.find(name);
    if (peer == context.peers.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("event route to ", name, ": not another service"));
    }
    subscribers.push_back(
        {.name = name, .address = peer->second, .event_types = types});
  }
  auth::PeerOptions peer;  // the address is each subscriber's
  peer.tls = context.tls;
  peer.tokens = context.tokens;
  peer.caller_name = definition.name;
  events::RelayOptions options;
  options.batch_size = absl::GetFlag(FLAGS_relay_batch_size);
  options.retention = absl::GetFlag(FLAGS_outbox_retention);
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  options.replica =
      absl::StrCat(host, bound_address.substr(bound_address.rfind(':')));
  return events::OutboxRelay::Start(db, definition.name, std::move(subscribers),
                                    peer, options);
}

// The outbox series, read from the relay at each scrape: one query per
// subscriber, as Stats() makes it.
metrics::CollectorHandle CollectOutboxMetrics(events::OutboxRelay& relay) {
  metrics::Registry& registry = metrics::DefaultRegistry();
  auto& pending = registry.AddGauge(
      "nanoinfluence_outbox_pending_events",
      "Events in the outbox the subscriber has not acknowledged yet.",
      {"subscriber"});
  auto& lag = registry.AddGauge(
      "nanoinfluence_outbox_relay_lag_seconds",
      "Age of the oldest event the subscriber has not acknowledged, in "
      "seconds; 0 when none is pending.",
      {"subscriber"});
  return registry.AddCollector([&relay, &pending, &lag] {
    absl::StatusOr<std::vector<events::SubscriberStats>> stats = relay.Stats();
    // The database busy: the last values stay until the next scrape.
    if (!stats.ok()) return;
    for (const events::SubscriberStats& subscriber : *stats) {
      pending.WithLabels({subscriber.name})
          .Set(static_cast<double>(subscriber.pending));
      lag.WithLabels({subscriber.name})
          .Set(absl::ToDoubleSeconds(subscriber.oldest_pending_age));
    }
  });
}

}  // namespace

int RunServiceMain(int argc, char** argv, const ServiceDefinition& definition) {
  // First, before gRPC or SQLite start threads that would inherit an
  // unblocked mask.
  BlockShutdownSignals();
  ParseFlagsWithEnvironment(
      argc, argv,
      absl::StrCat("Runs the nanoinfluence ", definition.name, " service."));
  // Before any other thread starts: a thread keeps its first arena.
  const int malloc_arenas = absl::GetFlag(FLAGS_malloc_arenas);
  if (malloc_arenas < 0 || malloc_arenas > 1024) {
    return Fail(definition.name,
                absl::InvalidArgumentError("--malloc_arenas: must be 0..1024"));
  }
  LimitMallocArenas(malloc_arenas);
#ifdef NDEBUG
  // Debian's Abseil is built without NDEBUG, so every Mutex (gRPC's too)
  // would keep the lock-order graph of its deadlock detection: one more,
  // process-wide, lock at every lock, and a stack trace when another is
  // held. Debug and sanitizer builds keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif
  const absl::Duration trim_interval =
      absl::GetFlag(FLAGS_malloc_trim_interval);
  if (trim_interval < absl::ZeroDuration()) {
    return Fail(definition.name,
                absl::InvalidArgumentError(
                    "--malloc_trim_interval: must not be negative"));
  }
  const MallocTrimmer malloc_trimmer(trim_interval);
  // Before any channel exists: the calls to peers carry the request id of
  // the call they serve.
  PropagateRequestIds();
  const metrics::CollectorHandle process_metrics =
      metrics::AddProcessMetrics(metrics::DefaultRegistry());

  const SuiteService* suite_service = FindSuiteService(definition.name);
  if (suite_service == nullptr) {
    return Fail(definition.name,
                absl::InternalError("not a service of the suite (libs/suite)"));
  }
  absl::StatusOr<ServerOptions> options =
      ServerOptionsFromFlags(*suite_service);
  if (!options.ok()) return Fail(definition.name, options.status());
  absl::StatusOr<std::map<std::string, std::string>> peers =
      PeersFromFlags(definition.name);
  if (!peers.ok()) return Fail(definition.name, peers.status());
  absl::StatusOr<redis::RedisOptions> redis = RedisFromFlags();
  if (!redis.ok()) return Fail(definition.name, redis.status());
  const int handler_threads = absl::GetFlag(FLAGS_handler_threads);
  if (handler_threads < 1 || handler_threads > 1024) {
    return Fail(definition.name, absl::InvalidArgumentError(
                                     "--handler_threads: must be 1..1024"));
  }

  const int pool_size = absl::GetFlag(FLAGS_database_pool_size);
  if (pool_size < 1 || pool_size > 64) {
    return Fail(definition.name, absl::InvalidArgumentError(
                                     "--database_pool_size: must be 1..64"));
  }
  absl::StatusOr<std::unique_ptr<sql::Database>> db = sql::OpenDatabase({
      .url = absl::GetFlag(FLAGS_database_url),
      .data_dir = absl::GetFlag(FLAGS_data_dir),
      .service = definition.name,
      .sqlite_synchronous = absl::GetFlag(FLAGS_sqlite_synchronous),
      .pool_size = pool_size,
  });
  if (!db.ok()) return Fail(definition.name, db.status());
  // Migration 1 of every service records its owner. A fresh database gets
  // it alone first; then the owner is checked before any later migration
  // could alter another service's file.
  absl::StatusOr<int> version = sql::SchemaVersion(**db);
  if (version.ok() && *version == 0) {
    version = sql::ApplyMigrations(**db, definition.migrations.first(1));
  }
  if (!version.ok()) return Fail(definition.name, version.status());
  absl::Status owner = CheckDatabaseOwner(**db, definition.name);
  if (!owner.ok()) return Fail(definition.name, owner);
  version = sql::ApplyMigrations(**db, definition.migrations);
  if (!version.ok()) return Fail(definition.name, version.status());

  const events::Outbox outbox(definition.name);
  // Outlives the server: its shutdown waits for the calls running here.
  BlockingPool handlers(handler_threads);
  ServiceContext context{.name = definition.name,
                         .db = **db,
                         .handlers = handlers,
                         .tokens = options->auth.tokens,
                         .tls = options->tls,
                         .outbox = outbox,
                         .peers = *peers,
                         .redis = *redis};
  absl::StatusOr<ServiceBundle> bundle = definition.make_services(context);
  if (!bundle.ok()) return Fail(definition.name, bundle.status());
  absl::StatusOr<std::unique_ptr<GrpcServer>> server =
      GrpcServer::Start(*options, bundle->hosted);
  if (!server.ok()) return Fail(definition.name, server.status());
  // After the bind: a second instance on the same data (its port taken)
  // stops before it could deliver anything.
  absl::StatusOr<std::unique_ptr<events::OutboxRelay>> relay =
      StartRelay(definition, **db, context, (*server)->address());
  if (!relay.ok()) return Fail(definition.name, relay.status());
  const metrics::CollectorHandle outbox_metrics =
      *relay != nullptr ? CollectOutboxMetrics(**relay)
                        : metrics::CollectorHandle();
  std::unique_ptr<metrics::MetricsHttpServer> metrics_http;
  if (const std::string listen = absl::GetFlag(FLAGS_metrics_listen);
      !listen.empty()) {
    absl::StatusOr<std::unique_ptr<metrics::MetricsHttpServer>> started =
        metrics::MetricsHttpServer::Start(listen, metrics::DefaultRegistry());
    if (!started.ok()) {
      return Fail(definition.name,
                  absl::Status(started.status().code(),
                               absl::StrCat("--metrics_listen: ",
                                            started.status().message())));
    }
    metrics_http = *std::move(started);
  }
  absl::Status written =
      WritePortFile(absl::GetFlag(FLAGS_port_file), (*server)->address());
  if (!written.ok()) return Fail(definition.name, written);

  LogLine serving("info", "serving");
  serving.Add("service", definition.name)
      .Add("address", (*server)->address())
      .Add("schema_version", *version)
      .Add("reflection", options->enable_reflection);
  if (metrics_http != nullptr) {
    serving.Add("metrics_address", metrics_http->address());
  }
  if ((*server)->health_port() != 0) {
    serving.Add("health_address", (*server)->health_address());
  }
  serving.Emit();
  const int signal = WaitForShutdownSignal();
  LogLine("info", "signal received").Add("signal", signal).Emit();
  // The relay first: it needs no server, and a delivery it abandons is
  // simply redelivered after the restart.
  if (*relay != nullptr) (*relay)->Stop();
  if (bundle->on_shutdown) bundle->on_shutdown();
  (*server)->Shutdown();
  return 0;
}

absl::StatusOr<std::unique_ptr<auth::PeerClient>> ServiceContext::ConnectPeer(
    const std::string& peer) const {
  const auto address = peers.find(peer);
  if (address == peers.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--peers: no address for \"", peer, "\""));
  }
  return auth::PeerClient::Connect({.address = address->second,
                                    .tls = tls,
                                    .tokens = tokens,
                                    .caller_name = name});
}

}  // namespace nanoinfluence
