#include "services/dispatch/dispatch_grpc_service.h"

#include <utility>
#include <vector>

#include "libs/server/malformed_request_interceptor.h"
#include "libs/status/grpc_status.h"
#include "libs/status/status_macros.h"
#include "libs/suite/peer_calls.h"

namespace nanoinfluence::dispatch {
namespace {

// Rows per message of the fulfilment export (the contract's maximum).
constexpr int kRowsPerMessage = 500;

// Gathers the whole file, then applies it in one transaction.
class TrackingReader
    : public grpc::ServerReadReactor<v1::ImportTrackingUpdatesRequest> {
 public:
  TrackingReader(BlockingPool& pool, Dispatch& core,
                 grpc::CallbackServerContext* context,
                 v1::ImportTrackingUpdatesResponse* response)
      : pool_(pool),
        core_(core),
        context_(context),
        caller_(auth::CallerOf(*context)),
        response_(response) {
    StartRead(&message_);
  }
  void OnReadDone(bool ok) override {
    if (ok) {
      lines_ += message_.updates_size();
      if (lines_ > 50'000) {
        Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "updates: at most 50,000 lines per import"));
        return;
      }
      messages_.push_back(std::move(message_));
      message_.Clear();
      StartRead(&message_);
      return;
    }
    // A message that did not parse is not the end of the file: refused,
    // nothing of the file applied.
    const std::string malformed = MalformedStreamMessage(*context_);
    if (!malformed.empty()) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, malformed));
      return;
    }
    // The stream ended: half-closed by the client, or cancelled or broken,
    // in which case the file is incomplete and nothing of it is applied.
    if (context_->IsCancelled()) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the import was cancelled; nothing was applied"));
      return;
    }
    pool_.Run([this] {
      Finish(ToGrpcStatus(
          core_.ImportTrackingUpdates(caller_, messages_, response_)));
    });
  }
  void OnDone() override { delete this; }

 private:
  BlockingPool& pool_;
  Dispatch& core_;
  grpc::CallbackServerContext* const context_;
  const auth::Caller caller_;
  v1::ImportTrackingUpdatesResponse* const response_;
  v1::ImportTrackingUpdatesRequest message_;
  std::vector<v1::ImportTrackingUpdatesRequest> messages_;
  int lines_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<DispatchGrpcService>>
DispatchGrpcService::Create(ServiceContext& context,
                            absl::Duration deadline_day) {
  std::unique_ptr<DispatchGrpcService> service(new DispatchGrpcService());
  service->handlers_ = &context.handlers;
  NANO_ASSIGN_OR_RETURN(std::unique_ptr<auth::PeerClient> tier_peer,
                        context.ConnectPeer("recruitment"));
  NANO_ASSIGN_OR_RETURN(std::unique_ptr<auth::PeerClient> testers_peer,
                        context.ConnectPeer("recruitment"));
  service->tier_reader_ = std::make_unique<tiers::RecruitmentTierReader>(
      std::move(tier_peer), context.redis);
  service->tiers_ =
      std::make_unique<CachedTierLookup>(service->tier_reader_->reader());
  service->testers_ = std::make_unique<RecruitmentSelectedTesters>(
      std::move(testers_peer), kSelectedTestersBudget);
  service->core_ =
      std::make_unique<Dispatch>(context.db, context.outbox, *service->testers_,
                                 *service->tiers_, deadline_day);
  return service;
}

grpc::ServerWriteReactor<v1::ExportFulfilmentResponse>*
DispatchGrpcService::ExportFulfilment(
    grpc::CallbackServerContext* context,
    const v1::ExportFulfilmentRequest* request) {
  return new ListOnPool<v1::ExportFulfilmentResponse>(
      *handlers_, [this, caller = auth::CallerOf(*context), request](
                      std::vector<v1::ExportFulfilmentResponse>* messages) {
        std::vector<v1::FulfilmentRow> rows;
        NANO_RETURN_IF_ERROR(core_->ExportFulfilment(caller, *request, &rows));
        for (size_t i = 0; i < rows.size(); ++i) {
          if (i % kRowsPerMessage == 0) messages->emplace_back();
          *messages->back().add_rows() = std::move(rows[i]);
        }
        return absl::OkStatus();
      });
}

grpc::ServerReadReactor<v1::ImportTrackingUpdatesRequest>*
DispatchGrpcService::ImportTrackingUpdates(
    grpc::CallbackServerContext* context,
    v1::ImportTrackingUpdatesResponse* response) {
  return new TrackingReader(*handlers_, *core_, context, response);
}

}  // namespace nanoinfluence::dispatch
