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
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "libs/auth/caller.h"
#include "libs/server/request_id.h"
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
// call with its status. The call's request id is current meanwhile, so the
// calls the handler makes to peers carry it (request_id.h).
template <typename Handler>
grpc::ServerUnaryReactor* FinishOnPool(BlockingPool& pool,
                                       grpc::CallbackServerContext* context,
                                       Handler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  pool.Run([reactor, handler = std::move(handler),
            request_id = RequestIdOf(*context)]() mutable {
    RequestIdScope scope(std::move(request_id));
    reactor->Finish(ToGrpcStatus(handler()));
  });
  return reactor;
}

// A unary method of a callback service: the verified caller and the request
// go to `core_->Method` on the pool `*handlers_` (members of the service).
//
//   class KpiGrpcService : public v1::KpiService::CallbackService {
//     NANO_UNARY_ON_POOL(GetCampaignReport, v1::GetCampaignReportRequest,
//                        v1::CampaignReport)
//     ...
#define NANO_UNARY_ON_POOL(Method, Request, Response)                          \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context,       \
                                   const Request* request, Response* response) \
      override {                                                               \
    return ::nanoinfluence::FinishOnPool(*handlers_, context, [=, this] {      \
      return core_->Method(::nanoinfluence::auth::CallerOf(*context),          \
                           *request, response);                                \
    });                                                                        \
  }

// A server stream whose messages are gathered on `pool` (a database read,
// off gRPC's event threads), then sent one after the other:
//
//   return new ListOnPool<Row>(pool, [=](std::vector<Row>* out) {
//     return core_->ReadRows(caller, *request, out);
//   });
template <typename Message>
class ListOnPool : public grpc::ServerWriteReactor<Message> {
 public:
  // `gather` runs on `pool` and fills the list.
  ListOnPool(BlockingPool& pool,
             std::function<absl::Status(std::vector<Message>*)> gather) {
    pool.Run([this, gather = std::move(gather)] {
      const absl::Status status = gather(&messages_);
      if (!status.ok()) {
        this->Finish(ToGrpcStatus(status));
        return;
      }
      Next();
    });
  }
  void OnWriteDone(bool ok) override {
    if (!ok) {
      this->Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                                "the client went away; call again"));
      return;
    }
    Next();
  }
  void OnDone() override { delete this; }

 private:
  void Next() {
    if (sent_ == messages_.size()) {
      this->Finish(grpc::Status::OK);
      return;
    }
    this->StartWrite(&messages_[sent_++]);
  }

  std::vector<Message> messages_;
  size_t sent_ = 0;
};

}  // namespace nanoinfluence
