// A TCP proxy on a free loopback port in front of one upstream address, for
// tests that cut a peer off: every byte passes through, is held (a
// blackhole: nothing is read, nothing answers, connections hang as behind a
// dead route), or passes after a delay. The mode changes at any moment and
// applies to open connections too.
//
//   NANO_ASSIGN_OR_RETURN(auto proxy, TcpProxy::Start(dispatch_port));
//   ugc flags: --peers=dispatch=<proxy->address()>
//   proxy->Blackhole();  ...  proxy->Pass();
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace nanoinfluence::testing {

class TcpProxy {
 public:
  // Listens on 127.0.0.1 (a port of its own) and forwards to
  // 127.0.0.1:`upstream_port`. UNAVAILABLE when it cannot listen.
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(int upstream_port);
  // Closes every connection and the listening socket.
  ~TcpProxy();

  // "127.0.0.1:<port>", what the cut-off caller dials.
  std::string address() const;

  void Pass() { Delay(absl::ZeroDuration()); }
  void Blackhole() { blackhole_ = true; }
  // Each chunk is held `delay` before it is forwarded.
  void Delay(absl::Duration delay) {
    delay_ms_ = absl::ToInt64Milliseconds(delay);
    blackhole_ = false;
  }

 private:
  TcpProxy(int listen_fd, int port, int upstream_port);
  void AcceptLoop();
  void Relay(int client_fd);

  const int listen_fd_;
  const int port_;
  const int upstream_port_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> blackhole_{false};
  std::atomic<int64_t> delay_ms_{0};
  absl::Mutex mu_;
  std::vector<std::thread> connections_ ABSL_GUARDED_BY(mu_);
  std::thread acceptor_;
};

}  // namespace nanoinfluence::testing
