#include "tests/harness/redis_server.h"

#include <hiredis/hiredis.h>
#include <signal.h>

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/harness/free_port.h"

namespace nanoinfluence::testing {

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start() {
  std::unique_ptr<RedisServer> server(new RedisServer());
  absl::Status last;
  // The free port may be taken between picking and binding: try a few.
  for (int attempt = 0; attempt < 5; ++attempt) {
    absl::StatusOr<int> port = PickFreePort();
    if (!port.ok()) return port.status();
    server->port_ = *port;
    last = server->Launch();
    if (last.ok()) return server;
  }
  return last;
}

absl::Status RedisServer::Launch() {
  auto process =
      Subprocess::Start({"redis-server", "--port", absl::StrCat(port_),
                         "--bind", "127.0.0.1", "--save", "", "--appendonly",
                         "no", "--dir", dir_.path(), "--daemonize", "no"},
                        dir_.File("redis.log"));
  if (!process.ok()) return process.status();
  process_ = std::move(*process);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    if (!process_->running()) {
      return absl::UnavailableError(
          absl::StrCat("redis-server exited at start (port ", port_, "); see ",
                       dir_.File("redis.log")));
    }
    if (Ping().ok()) {
      // The port may have been taken by another test's Redis between picking
      // and binding: only our own process counts as started.
      if (ServerPid() == process_->pid()) return absl::OkStatus();
      process_.reset();
      return absl::UnavailableError(
          absl::StrCat("port ", port_, " answered by another redis-server"));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::UnavailableError("redis-server did not answer PING in 10 s");
}

void RedisServer::Stop() {
  process_->Signal(SIGTERM);
  process_->Signal(SIGCONT);  // a paused server must wake to see the SIGTERM
  process_->Wait();
}

absl::Status RedisServer::Restart() {
  if (process_->running()) Stop();
  return Launch();
}

pid_t RedisServer::ServerPid() const {
  timeval timeout{1, 0};
  redisContext* context = redisConnectWithTimeout("127.0.0.1", port_, timeout);
  pid_t pid = -1;
  if (context != nullptr && context->err == 0) {
    redisSetTimeout(context, timeout);
    auto* reply =
        static_cast<redisReply*>(redisCommand(context, "INFO server"));
    if (reply != nullptr && reply->type == REDIS_REPLY_STRING) {
      std::string info(reply->str, reply->len);
      const size_t at = info.find("process_id:");
      if (at != std::string::npos) pid = std::atoi(info.c_str() + at + 11);
    }
    if (reply != nullptr) freeReplyObject(reply);
  }
  if (context != nullptr) redisFree(context);
  return pid;
}

absl::StatusOr<std::string> RedisServer::Command(
    const std::string& command) const {
  timeval timeout{1, 0};
  redisContext* context = redisConnectWithTimeout("127.0.0.1", port_, timeout);
  if (context == nullptr || context->err) {
    std::string error = context ? context->errstr : "out of memory";
    if (context) redisFree(context);
    return absl::UnavailableError(absl::StrCat("redis connect: ", error));
  }
  redisSetTimeout(context, timeout);
  // redisCommand splits a format without % on spaces.
  auto* reply =
      static_cast<redisReply*>(redisCommand(context, command.c_str()));
  absl::StatusOr<std::string> result =
      absl::UnavailableError(absl::StrCat("redis ", command, ": no reply"));
  if (reply != nullptr) {
    const std::string text = reply->str == nullptr
                                 ? std::to_string(reply->integer)
                                 : std::string(reply->str, reply->len);
    if (reply->type == REDIS_REPLY_ERROR) {
      result = absl::FailedPreconditionError(
          absl::StrCat("redis ", command, ": ", text));
    } else {
      result = text;
    }
    freeReplyObject(reply);
  }
  redisFree(context);
  return result;
}

}  // namespace nanoinfluence::testing
