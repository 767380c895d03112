// The whole suite as real processes for the fault tests: a redis-server and
// the four services, each on a fixed loopback port and its own data folder
// for the life of the fixture, so any of them can be killed, stopped, or
// started again on the same files and port while the others keep calling
// it. Optional TCP proxies sit on two peer routes (ugc -> dispatch,
// dispatch -> recruitment) so a test can cut them off.
//
//   FaultSuite suite;
//   ASSERT_TRUE(suite.ok()) << suite.error();
//   suite.Kill("dispatch");
//   ASSERT_TRUE(suite.Start("dispatch")) << suite.error();
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "tests/harness/redis_server.h"
#include "tests/harness/service_process.h"
#include "tests/harness/subprocess.h"
#include "tests/harness/tcp_proxy.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::testing {

// The services in the order they start (kpi first: every relay feeds it).
const std::vector<std::string>& SuiteServiceNames();

class FaultSuite {
 public:
  // Starts Redis, the proxies and the four services; ok() says whether
  // all came up.
  FaultSuite();
  // SIGTERM to every service still running.
  ~FaultSuite();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Starts `service` on its port and folder; false (and error()) when it
  // does not serve. `limits` bound the process (a full disk).
  bool Start(const std::string& service, const SubprocessLimits& limits = {});
  // SIGKILL, then reaps it.
  void Kill(const std::string& service);
  // SIGTERM under load; the exit code (0 after a graceful stop).
  int Stop(const std::string& service);
  // Started, and its process has not ended.
  bool running(const std::string& service) const;
  // Its process id (for its memory in /proc), or -1 when not started.
  pid_t Pid(const std::string& service) const;

  // A channel to the service's port with a short reconnect backoff, so a
  // caller sees a restarted server within a fraction of a second.
  std::shared_ptr<grpc::Channel> Channel(const std::string& service) const;

  RedisServer& redis() { return *redis_; }
  // The proxy `from` dials to reach `to`; nullptr when that route has none.
  TcpProxy* Proxy(const std::string& from, const std::string& to);

  // The service's data folder and database, read beside the service
  // (QueryTestDatabase): the first column of the first row, or -1.
  const std::string& Dir(const std::string& service) const;
  int64_t Query(const std::string& service, const std::string& sql) const;

 private:
  std::vector<std::string> Flags(const std::string& service) const;

  std::string error_;
  std::unique_ptr<RedisServer> redis_;
  std::map<std::string, int> ports_;
  std::map<std::string, std::unique_ptr<TempDir>> dirs_;
  std::map<std::string, std::unique_ptr<ServiceProcess>> processes_;
  // Keyed "from->to".
  std::map<std::string, std::unique_ptr<TcpProxy>> proxies_;
};

}  // namespace nanoinfluence::testing
