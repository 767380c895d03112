#include "services/ugc/ugc_grpc_service.h"

#include <deque>
#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"
#include "libs/status/grpc_status.h"
#include "libs/status/status_macros.h"
#include "services/ugc/near_duplicate_bands.h"

namespace nanoinfluence::ugc {
namespace {

// A campaign's replay, then its live changes, until the client cancels or
// its buffer fills.
class ContentWatch
    : public grpc::ServerWriteReactor<v1::WatchCampaignContentResponse> {
 public:
  ContentWatch(BlockingPool& pool, Ugc& core, auth::Caller caller,
               const v1::WatchCampaignContentRequest& request)
      : core_(core), caller_(std::move(caller)) {
    pool.Run([this, &request] {
      std::vector<v1::WatchCampaignContentResponse> replay;
      absl::StatusOr<std::shared_ptr<Watcher>> watcher =
          core_.StartWatch(caller_, request, &replay);
      {
        absl::MutexLock lock(&mu_);
        if (!watcher.ok()) {
          FinishOnce(ToGrpcStatus(watcher.status()));
        } else {
          watcher_ = *std::move(watcher);  // closed by OnDone in any case
          if (!finished_) {  // not cancelled while the start waited
            pending_.assign(std::make_move_iterator(replay.begin()),
                            std::make_move_iterator(replay.end()));
            watcher_->SetOnReady([this] { Write(); });
            // Tells the client the stream is live before any change comes.
            StartSendInitialMetadata();
            WriteLocked();
          }
        }
      }
      started_.Notify();
    });
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) {
      FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "client gone"));
      return;
    }
    WriteLocked();
  }
  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
  }
  void OnDone() override {
    // A cancellation can end the call before the start ran on the pool.
    started_.WaitForNotification();
    if (watcher_ != nullptr) {
      watcher_->Detach();
      core_.EndWatch(caller_, watcher_.get());
    }
    delete this;
  }

 private:
  void Write() {
    absl::MutexLock lock(&mu_);
    WriteLocked();
  }
  void WriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || watcher_ == nullptr) return;
    // Checked even while a write is outstanding: a client that stopped
    // reading never completes it.
    if (watcher_->overflowed()) {
      FinishOnce(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          "client too slow: reconnect with since = the last occurred_at "
          "received"));
      return;
    }
    if (watcher_->closed()) {
      FinishOnce(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                              "the server is shutting down: reconnect with "
                              "since = the last occurred_at received"));
      return;
    }
    if (writing_) return;
    if (!pending_.empty()) {
      current_ = std::move(pending_.front());
      pending_.pop_front();
    } else {
      bool overflowed = false;
      if (!watcher_->Pop(&current_, &overflowed)) return;
    }
    writing_ = true;
    StartWrite(&current_);
  }
  void FinishOnce(const grpc::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    Finish(status);
  }

  Ugc& core_;
  const auth::Caller caller_;
  absl::Notification started_;
  absl::Mutex mu_;
  std::shared_ptr<Watcher> watcher_;
  std::deque<v1::WatchCampaignContentResponse> pending_ ABSL_GUARDED_BY(mu_);
  v1::WatchCampaignContentResponse current_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<UgcGrpcService>> UgcGrpcService::Create(
    ServiceContext& context, UgcPolicy policy) {
  std::unique_ptr<UgcGrpcService> service(new UgcGrpcService());
  service->handlers_ = &context.handlers;
  NANO_ASSIGN_OR_RETURN(std::unique_ptr<auth::PeerClient> recruitment,
                        context.ConnectPeer("recruitment"));
  NANO_ASSIGN_OR_RETURN(std::unique_ptr<auth::PeerClient> dispatch,
                        context.ConnectPeer("dispatch"));
  service->tier_reader_ = std::make_unique<tiers::RecruitmentTierReader>(
      std::move(recruitment), context.redis);
  service->tiers_ =
      std::make_unique<CachedAuthorTiers>(service->tier_reader_->reader());
  service->receipts_ =
      std::make_unique<DispatchReceiptCheck>(std::move(dispatch));
  // Before any submission is compared: content a migration left without
  // band rows would pass as new.
  NANO_RETURN_IF_ERROR(RebandStoredContent(context.db));
  service->core_ =
      std::make_unique<Ugc>(context.db, context.outbox, *service->receipts_,
                            *service->tiers_, std::move(policy));
  return service;
}

grpc::ServerWriteReactor<v1::WatchCampaignContentResponse>*
UgcGrpcService::WatchCampaignContent(
    grpc::CallbackServerContext* context,
    const v1::WatchCampaignContentRequest* request) {
  return new ContentWatch(*handlers_, *core_, auth::CallerOf(*context),
                          *request);
}

grpc::ServerWriteReactor<v1::StreamSyndicationFeedResponse>*
UgcGrpcService::StreamSyndicationFeed(
    grpc::CallbackServerContext* context,
    const v1::StreamSyndicationFeedRequest* request) {
  return new ListOnPool<v1::StreamSyndicationFeedResponse>(
      *handlers_, [this, caller = auth::CallerOf(*context), request](
                      std::vector<v1::StreamSyndicationFeedResponse>* out) {
        return core_->SyndicationFeed(caller, *request, out);
      });
}

}  // namespace nanoinfluence::ugc
