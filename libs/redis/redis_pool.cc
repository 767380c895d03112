#include "libs/redis/redis_pool.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace nanoinfluence::redis {
namespace {

constexpr absl::Duration kFirstBackoff = absl::Milliseconds(50);
constexpr absl::Duration kMaxBackoff = absl::Seconds(1);

absl::Status Unavailable(absl::string_view what, const redisContext* c) {
  return absl::UnavailableError(absl::StrCat(
      "redis: ", what,
      c != nullptr && c->err ? absl::StrCat(": ", c->errstr) : std::string()));
}

// The argv form hiredis takes: pointers and lengths (binary safe).
struct Argv {
  explicit Argv(const Args& args) {
    for (const std::string& arg : args) {
      pointers.push_back(arg.data());
      lengths.push_back(arg.size());
    }
  }
  int count() const { return static_cast<int>(pointers.size()); }
  std::vector<const char*> pointers;
  std::vector<size_t> lengths;
};

// Sends `args` on `c` and returns its reply; null on a transport error.
redisReply* Send(redisContext* c, const Args& args) {
  Argv argv(args);
  return static_cast<redisReply*>(redisCommandArgv(
      c, argv.count(), argv.pointers.data(), argv.lengths.data()));
}

// The server closed the connection (EOF, reset, broken pipe), as opposed to
// a timeout or a protocol error.
bool ClosedByPeer(const redisContext& c) {
  if (c.err == REDIS_ERR_EOF) return true;
  if (c.err != REDIS_ERR_IO) return false;
  const absl::string_view why = c.errstr;
  return why == std::strerror(ECONNRESET) || why == std::strerror(EPIPE);
}

}  // namespace

absl::StatusOr<RedisReply> RunCommand(redisContext* connection,
                                      const Args& args) {
  redisReply* reply = Send(connection, args);
  if (reply == nullptr) return Unavailable(args.at(0), connection);
  RedisReply owned(reply);
  if (owned.is_error()) {
    return absl::UnavailableError(
        absl::StrCat("redis: ", args.at(0), ": ", owned.str()));
  }
  return owned;
}

absl::StatusOr<std::unique_ptr<redisContext, decltype(&redisFree)>> Connect(
    const RedisOptions& options) {
  std::unique_ptr<redisContext, decltype(&redisFree)> c(
      redisConnectWithTimeout(options.host.c_str(), options.port,
                              absl::ToTimeval(options.connect_timeout)),
      &redisFree);
  if (c == nullptr || c->err) return Unavailable("cannot connect", c.get());
  if (redisSetTimeout(c.get(), absl::ToTimeval(options.io_timeout)) !=
      REDIS_OK) {
    return Unavailable("cannot set the socket timeout", c.get());
  }
  std::vector<Args> setup;
  if (!options.password.empty()) setup.push_back({"AUTH", options.password});
  if (options.database != 0) {
    setup.push_back({"SELECT", absl::StrCat(options.database)});
  }
  for (const Args& args : setup) {
    absl::StatusOr<RedisReply> done = RunCommand(c.get(), args);
    if (!done.ok()) return done.status();
  }
  return c;
}

RedisPool::~RedisPool() = default;

absl::StatusOr<RedisPool::Pooled> RedisPool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.pool_size;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&available),
                              options_.io_timeout)) {
      return absl::UnavailableError("redis: every pooled connection is busy");
    }
    if (absl::Now() < retry_at_) {
      return absl::UnavailableError("redis: down or slow, retrying shortly");
    }
    if (!idle_.empty()) {
      Pooled pooled{std::move(idle_.back()), /*reused=*/true};
      idle_.pop_back();
      return pooled;
    }
    ++open_;
  }
  absl::StatusOr<Context> made = Connect(options_);
  absl::MutexLock lock(&mu_);
  if (!made.ok()) {
    --open_;
    BackOff();
    return made.status();
  }
  return Pooled{*std::move(made), /*reused=*/false};
}

void RedisPool::BackOff() {
  backoff_ = std::clamp(backoff_ * 2, kFirstBackoff, kMaxBackoff);
  retry_at_ = absl::Now() + backoff_;
}

void RedisPool::Release(Context context) {
  absl::MutexLock lock(&mu_);
  if (!context->err) {
    backoff_ = absl::ZeroDuration();
    idle_.push_back(std::move(context));
    return;
  }
  --open_;  // broken: dropped, a later call connects afresh
  // A timeout means Redis is paused or overloaded: calls fail at once for a
  // while instead of each waiting out its timeout.
  if (!ClosedByPeer(*context)) BackOff();
}

template <typename Use>
auto RedisPool::WithConnection(Use use) -> decltype(use(nullptr)) {
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<Pooled> pooled = Acquire();
    if (!pooled.ok()) return pooled.status();
    auto result = use(pooled->context.get());
    // Only a connection the server closed while it sat idle (Redis
    // restarted) is worth a second try: after a timeout the command may have
    // run, and Redis is slow anyway.
    const bool retry = pooled->reused && attempt == 0 &&
                       pooled->context->err != 0 &&
                       ClosedByPeer(*pooled->context);
    Release(std::move(pooled->context));
    if (!retry) return result;
  }
}

absl::StatusOr<RedisReply> RedisPool::Command(const Args& args) {
  return WithConnection([&](redisContext* c) { return RunCommand(c, args); });
}

absl::StatusOr<std::vector<RedisReply>> RedisPool::Pipeline(
    const std::vector<Args>& commands) {
  return WithConnection(
      [&](redisContext* c) -> absl::StatusOr<std::vector<RedisReply>> {
        std::vector<RedisReply> replies;
        for (const Args& args : commands) {
          Argv argv(args);
          if (redisAppendCommandArgv(c, argv.count(), argv.pointers.data(),
                                     argv.lengths.data()) != REDIS_OK) {
            return Unavailable("pipeline", c);
          }
        }
        for (size_t i = 0; i < commands.size(); ++i) {
          void* reply = nullptr;
          if (redisGetReply(c, &reply) != REDIS_OK || reply == nullptr) {
            // Replies left unread would be mistaken for the next call's.
            if (!c->err) c->err = REDIS_ERR_OTHER;
            return Unavailable("pipeline", c);
          }
          replies.emplace_back(static_cast<redisReply*>(reply));
        }
        return replies;
      });
}

}  // namespace nanoinfluence::redis
