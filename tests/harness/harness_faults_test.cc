// The fault tools of the harness: the TCP proxy passes, holds and delays
// bytes; a file-size limit makes a child's writes fail instead of killing
// it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/harness/subprocess.h"
#include "tests/harness/tcp_proxy.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::testing {
namespace {

// A loopback server that echoes what each connection sends.
class EchoServer {
 public:
  EchoServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    listen(fd_, 8);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      pollfd ready = {fd_, POLLIN, 0};
      if (poll(&ready, 1, 10000) <= 0) return;
      const int client = accept(fd_, nullptr, nullptr);
      char buffer[256];
      for (ssize_t got; (got = recv(client, buffer, sizeof(buffer), 0)) > 0;) {
        send(client, buffer, got, MSG_NOSIGNAL);
      }
      close(client);
    });
  }
  ~EchoServer() {
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

int Connect(const std::string& address) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(std::stoi(address.substr(address.find(':') + 1)));
  return connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 0 ? fd
                                                                        : -1;
}

// What comes back within `wait`, or "".
std::string Receive(int fd, absl::Duration wait) {
  pollfd ready = {fd, POLLIN, 0};
  if (poll(&ready, 1, absl::ToInt64Milliseconds(wait)) <= 0) return "";
  char buffer[256];
  const ssize_t got = recv(fd, buffer, sizeof(buffer), 0);
  return got > 0 ? std::string(buffer, got) : "";
}

TEST(TcpProxyTest, PassesHoldsAndDelays) {
  EchoServer echo;
  auto proxy = TcpProxy::Start(echo.port());
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  const int fd = Connect((*proxy)->address());
  ASSERT_GE(fd, 0);

  send(fd, "one", 3, 0);
  EXPECT_EQ(Receive(fd, absl::Seconds(5)), "one");

  (*proxy)->Blackhole();
  send(fd, "two", 3, 0);
  EXPECT_EQ(Receive(fd, absl::Milliseconds(300)), "") << "held";
  (*proxy)->Pass();
  EXPECT_EQ(Receive(fd, absl::Seconds(5)), "two") << "delivered after";

  (*proxy)->Delay(absl::Milliseconds(200));
  const absl::Time sent = absl::Now();
  send(fd, "three", 5, 0);
  EXPECT_EQ(Receive(fd, absl::Seconds(5)), "three");
  // Once each way.
  EXPECT_GE(absl::Now() - sent, absl::Milliseconds(400));
  (*proxy)->Pass();
  close(fd);
}

TEST(SubprocessTest, AFileSizeLimitFailsWritesWithoutKilling) {
  TempDir dir;
  const std::string file = dir.File("big");
  auto process = Subprocess::Start(
      {"sh", "-c", "head -c 200000 /dev/zero > " + file + "; echo $? done"},
      dir.File("log"), {.file_size_bytes = 65536});
  ASSERT_TRUE(process.ok()) << process.status();
  // The shell ends normally (SIGXFSZ would give 128 + 25).
  EXPECT_EQ((*process)->Wait(), 0);
  struct stat info {};
  ASSERT_EQ(stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_size, 65536);
}

}  // namespace
}  // namespace nanoinfluence::testing
