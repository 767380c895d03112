#include "tests/fault/fault_suite.h"

#include <signal.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "tests/harness/free_port.h"
#include "tests/harness/test_database.h"

namespace nanoinfluence::testing {
namespace {

// The routes a test can cut: a synchronous call each (ugc asks dispatch
// whether the author received the product; dispatch reads selected testers
// from recruitment) and the event relays on the same routes.
const std::vector<std::pair<std::string, std::string>> kProxiedRoutes = {
    {"ugc", "dispatch"}, {"dispatch", "recruitment"}};

std::string RouteKey(const std::string& from, const std::string& to) {
  return absl::StrCat(from, "->", to);
}

}  // namespace

const std::vector<std::string>& SuiteServiceNames() {
  static const auto* names =
      new std::vector<std::string>{"kpi", "recruitment", "dispatch", "ugc"};
  return *names;
}

FaultSuite::FaultSuite() {
  auto redis = RedisServer::Start();
  if (!redis.ok()) {
    error_ = redis.status().ToString();
    return;
  }
  redis_ = *std::move(redis);
  for (const std::string& service : SuiteServiceNames()) {
    auto port = PickFreePort();
    if (!port.ok()) {
      error_ = port.status().ToString();
      return;
    }
    ports_[service] = *port;
    dirs_[service] = std::make_unique<TempDir>();
  }
  for (const auto& [from, to] : kProxiedRoutes) {
    auto proxy = TcpProxy::Start(ports_[to]);
    if (!proxy.ok()) {
      error_ = proxy.status().ToString();
      return;
    }
    proxies_[RouteKey(from, to)] = *std::move(proxy);
  }
  for (const std::string& service : SuiteServiceNames()) {
    if (!Start(service)) return;
  }
}

FaultSuite::~FaultSuite() {
  for (auto& [service, process] : processes_) {
    if (process != nullptr) process->Stop();
  }
}

std::vector<std::string> FaultSuite::Flags(const std::string& service) const {
  std::vector<std::string> peers;
  for (const auto& [peer, port] : ports_) {
    if (peer == service) continue;
    auto proxy = proxies_.find(RouteKey(service, peer));
    peers.push_back(absl::StrCat(peer, "=",
                                 proxy != proxies_.end()
                                     ? proxy->second->address()
                                     : absl::StrCat("127.0.0.1:", port)));
  }
  return {absl::StrCat("--listen=127.0.0.1:", ports_.at(service)),
          absl::StrCat("--redis=127.0.0.1:", redis_->port()),
          absl::StrCat("--peers=", absl::StrJoin(peers, ",")),
          // The workload's clients write far faster than one person would.
          "--write_rate_per_second=1000000", "--write_burst=1000000"};
}

bool FaultSuite::Start(const std::string& service,
                       const SubprocessLimits& limits) {
  auto process =
      ServiceProcess::Start(service, dirs_.at(service)->path(), Flags(service),
                            {}, absl::Seconds(30), limits);
  if (!process.ok()) {
    error_ = process.status().ToString();
    return false;
  }
  processes_[service] = *std::move(process);
  return true;
}

void FaultSuite::Kill(const std::string& service) {
  auto& process = processes_.at(service);
  process->process().Signal(SIGKILL);
  process->process().Wait();
  process.reset();
}

int FaultSuite::Stop(const std::string& service) {
  auto& process = processes_.at(service);
  const int code = process->Stop();
  process.reset();
  return code;
}

bool FaultSuite::running(const std::string& service) const {
  auto found = processes_.find(service);
  return found != processes_.end() && found->second != nullptr &&
         found->second->process().running();
}

pid_t FaultSuite::Pid(const std::string& service) const {
  auto found = processes_.find(service);
  return found == processes_.end() || found->second == nullptr
             ? -1
             : found->second->process().pid();
}

std::shared_ptr<grpc::Channel> FaultSuite::Channel(
    const std::string& service) const {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 50);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 250);
  return grpc::CreateCustomChannel(
      absl::StrCat("127.0.0.1:", ports_.at(service)),
      grpc::InsecureChannelCredentials(), args);
}

TcpProxy* FaultSuite::Proxy(const std::string& from, const std::string& to) {
  auto found = proxies_.find(RouteKey(from, to));
  return found == proxies_.end() ? nullptr : found->second.get();
}

const std::string& FaultSuite::Dir(const std::string& service) const {
  return dirs_.at(service)->path();
}

int64_t FaultSuite::Query(const std::string& service,
                          const std::string& sql) const {
  return QueryTestDatabase(Dir(service), service, sql);
}

}  // namespace nanoinfluence::testing
