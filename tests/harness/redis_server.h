// A real redis-server for tests, on a free loopback port, with its files in a
// temporary folder; stopped when the fixture goes away.
//
//   NANO_ASSIGN_OR_RETURN(auto redis, RedisServer::Start());
//   TierCache cache({.host = "127.0.0.1", .port = redis->port()});
//   redis->Signal(SIGSTOP);   // a paused Redis
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tests/harness/subprocess.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::testing {

class RedisServer {
 public:
  // Starts redis-server and waits until it answers PING. UNAVAILABLE when it
  // cannot start (not installed, or no port could be had).
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start();

  int port() const { return port_; }
  // The process id the server on port() reports (INFO server), or -1.
  pid_t ServerPid() const;

  // Sends a signal: SIGSTOP/SIGCONT pause and resume, SIGKILL crashes.
  void Signal(int signal) { process_->Signal(signal); }
  // Stops the server (SIGTERM) and waits for it.
  void Stop();
  // Starts it again on the same port and waits for PING.
  absl::Status Restart();

  // PING over a fresh connection: "PONG", or why not.
  absl::StatusOr<std::string> Ping() const { return Command("PING"); }
  // One command (words split on spaces, e.g. "CLIENT PAUSE 1500") over a
  // fresh connection: its string or status reply, or why not.
  absl::StatusOr<std::string> Command(const std::string& command) const;

 private:
  RedisServer() = default;
  absl::Status Launch();

  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace nanoinfluence::testing
