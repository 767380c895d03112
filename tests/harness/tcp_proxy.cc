#include "tests/harness/tcp_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace nanoinfluence::testing {
namespace {

// How often blocked loops look at the mode and the stop flag.
constexpr int kPollMs = 20;

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  return address;
}

bool WriteAll(int fd, const char* data, ssize_t size) {
  while (size > 0) {
    const ssize_t written = send(fd, data, size, MSG_NOSIGNAL);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    size -= written;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TcpProxy>> TcpProxy::Start(int upstream_port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::UnavailableError("proxy: socket failed");
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(fd, 64) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return absl::UnavailableError("proxy: cannot listen on loopback");
  }
  return std::unique_ptr<TcpProxy>(
      new TcpProxy(fd, ntohs(address.sin_port), upstream_port));
}

TcpProxy::TcpProxy(int listen_fd, int port, int upstream_port)
    : listen_fd_(listen_fd), port_(port), upstream_port_(upstream_port) {
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

TcpProxy::~TcpProxy() {
  stop_ = true;
  acceptor_.join();
  std::vector<std::thread> connections;
  {
    absl::MutexLock lock(&mu_);
    connections.swap(connections_);
  }
  for (std::thread& connection : connections) connection.join();
  close(listen_fd_);
}

std::string TcpProxy::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

void TcpProxy::AcceptLoop() {
  while (!stop_) {
    pollfd ready = {listen_fd_, POLLIN, 0};
    if (poll(&ready, 1, kPollMs) <= 0) continue;
    const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    absl::MutexLock lock(&mu_);
    connections_.emplace_back([this, client] { Relay(client); });
  }
}

void TcpProxy::Relay(int client) {
  // A blackholed route does not even complete the way to the upstream.
  while (blackhole_ && !stop_) absl::SleepFor(absl::Milliseconds(kPollMs));
  const int upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_in address = Loopback(upstream_port_);
  if (stop_ || upstream < 0 ||
      connect(upstream, reinterpret_cast<const sockaddr*>(&address),
              sizeof(address)) != 0) {
    if (upstream >= 0) close(upstream);
    close(client);
    return;
  }
  const int one = 1;
  setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  char buffer[16384];
  bool open = true;
  while (open && !stop_) {
    if (blackhole_) {
      // Nothing read: the senders' buffers fill and their calls hang.
      absl::SleepFor(absl::Milliseconds(kPollMs));
      continue;
    }
    pollfd ends[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
    if (poll(ends, 2, kPollMs) <= 0) continue;
    for (int i = 0; i < 2 && open; ++i) {
      if ((ends[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t got = recv(ends[i].fd, buffer, sizeof(buffer), 0);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        open = false;
        break;
      }
      if (const int64_t delay = delay_ms_; delay > 0) {
        absl::SleepFor(absl::Milliseconds(delay));
      }
      open = WriteAll(ends[1 - i].fd, buffer, got);
    }
  }
  close(upstream);
  close(client);
}

}  // namespace nanoinfluence::testing
