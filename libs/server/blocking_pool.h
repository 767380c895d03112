// Threads for handlers that block (database, peers, Redis). gRPC's callback
// API runs a handler on one of its few event threads: a handler that waits
// there holds back every other call of the process, so two blocking calls
// at once would be the most a server ever ran. Handlers are handed to this
// pool instead and finish their call from it.
//
//   grpc::ServerUnaryReactor* GetStock(context, request, response) override {
//     return FinishOnPool(pool_, context, [=] { return core_->GetStock(...);
//     });
//   }
#pragma once

#include <deque>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence {

class BlockingPool {
 public:
  explicit BlockingPool(int threads);
  // Runs the work queued so far, then joins the threads.
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  void Run(std::function<void()> work);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

// Runs `handler` (returning absl::Status) on `pool` and finishes the unary
// call with its status.
template <typename Handler>
grpc::ServerUnaryReactor* FinishOnPool(BlockingPool& pool,
                                       grpc::CallbackServerContext* context,
                                       Handler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  pool.Run([reactor, handler = std::move(handler)]() mutable {
    reactor->Finish(ToGrpcStatus(handler()));
  });
  return reactor;
}

}  // namespace nanoinfluence
