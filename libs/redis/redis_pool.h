// A small client for one Redis server on hiredis 0.14: a bounded pool of
// connections (a redisContext serves one thread at a time), connect and
// socket timeouts on every connection (a paused Redis fails a call after the
// timeout instead of hanging a handler), broken connections dropped and
// rebuilt, and after a failed connect or a timeout a backoff during which
// calls fail at once (callers fall back to the source of truth quickly).
//
//   NANO_ASSIGN_OR_RETURN(auto redis, RedisPool::Create({.host = "127.0.0.1",
//                                                         .port = 7100}));
//   NANO_ASSIGN_OR_RETURN(RedisReply value, redis->Command({"GET", key}));
//
// Arguments go through redisCommandArgv: binary safe, no format strings.
#pragma once

#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace nanoinfluence::redis {

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  // AUTH before anything else when set.
  std::string password;
  // SELECT when not 0.
  int database = 0;
  absl::Duration connect_timeout = absl::Milliseconds(250);
  // Read and write timeout of every call.
  absl::Duration io_timeout = absl::Milliseconds(250);
  // Most connections open at once; a call waits up to io_timeout for one.
  int pool_size = 8;
};

// One reply, freed with the object.
class RedisReply {
 public:
  explicit RedisReply(redisReply* reply) : reply_(reply, &freeReplyObject) {}

  int type() const { return reply_->type; }
  bool is_nil() const { return reply_->type == REDIS_REPLY_NIL; }
  bool is_error() const { return reply_->type == REDIS_REPLY_ERROR; }
  long long integer() const { return reply_->integer; }
  // The bytes of a string, status or error reply.
  std::string str() const { return std::string(reply_->str, reply_->len); }
  size_t size() const { return reply_->elements; }
  // Element `i` of an array reply (owned by this reply).
  const redisReply* element(size_t i) const { return reply_->element[i]; }

 private:
  std::unique_ptr<redisReply, decltype(&freeReplyObject)> reply_;
};

using Args = std::vector<std::string>;

// A connection made with the options: timeouts set, AUTH and SELECT done.
// UNAVAILABLE when Redis cannot be reached or refuses.
absl::StatusOr<std::unique_ptr<redisContext, decltype(&redisFree)>> Connect(
    const RedisOptions& options);

// Runs one command on a connection of the caller's own (one outside the
// pool, e.g. a subscriber). UNAVAILABLE on a transport error (the connection
// is then unusable) or an error reply.
absl::StatusOr<RedisReply> RunCommand(redisContext* connection,
                                      const Args& args);

class RedisPool {
 public:
  explicit RedisPool(RedisOptions options) : options_(std::move(options)) {}
  ~RedisPool();

  // One command. UNAVAILABLE when Redis is unreachable, slow past the
  // timeout, or replies with an error (the error's text in the message).
  absl::StatusOr<RedisReply> Command(const Args& args);

  // Several commands in one round trip (pipelined); their replies in order.
  // A reply may be an error reply; the call fails only on a transport error.
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<Args>& commands);

  const RedisOptions& options() const { return options_; }

 private:
  using Context = std::unique_ptr<redisContext, decltype(&redisFree)>;
  struct Pooled {
    Context context;
    // Taken from the idle list (it may have broken while idle, e.g. Redis
    // restarted), rather than just connected.
    bool reused;
  };

  absl::StatusOr<Pooled> Acquire();
  // After a failed connect or a timeout: no call tries Redis for a while
  // (50 ms, doubling to 1 s while it keeps failing).
  void BackOff() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Back to the pool, or dropped when broken.
  void Release(Context context);
  // Runs `use` on a pooled connection. A reused connection that turns out
  // broken is dropped and `use` runs once more on a fresh one, so a Redis
  // restart costs no caller an error.
  template <typename Use>
  auto WithConnection(Use use) -> decltype(use(nullptr));

  const RedisOptions options_;
  absl::Mutex mu_;
  std::vector<Context> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  // After a failed connect or a timeout, no call is tried before this.
  absl::Time retry_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Duration backoff_ ABSL_GUARDED_BY(mu_) = absl::ZeroDuration();
};

}  // namespace nanoinfluence::redis
