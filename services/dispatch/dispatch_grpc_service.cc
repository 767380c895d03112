#include "services/dispatch/dispatch_grpc_service.h"

#include <utility>
#include <vector>

#include "grpcpp/impl/codegen/proto_utils.h"
#include "libs/server/malformed_request_interceptor.h"
#include "libs/status/grpc_status.h"
#include "libs/status/status_macros.h"
#include "libs/suite/peer_calls.h"

namespace nanoinfluence::dispatch {
namespace {

// Rows per message of the fulfilment export (the contract's maximum).
constexpr int kRowsPerMessage = 500;

// Gathers the whole file, then applies it in one transaction. It reads raw
// bytes and parses each message itself, so that a message that does not
// parse is refused (nothing of the file applied) instead of being taken for
// the end of the file (ParseStreamMessage).
class TrackingReader : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  TrackingReader(BlockingPool& pool, Dispatch& core,
                 grpc::CallbackServerContext* context,
                 grpc::ByteBuffer* response)
      : pool_(pool),
        core_(core),
        context_(context),
        caller_(auth::CallerOf(*context)),
        response_bytes_(response) {
    StartRead(&bytes_);
  }
  void OnReadDone(bool ok) override {
    if (ok) {
      v1::ImportTrackingUpdatesRequest message;
      const grpc::Status parsed = ParseStreamMessage(bytes_, &message);
      bytes_.Clear();
      if (!parsed.ok()) {
        Finish(parsed);
        return;
      }
      lines_ += message.updates_size();
      if (lines_ > 50'000) {
        Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "updates: at most 50,000 lines per import"));
        return;
      }
      messages_.push_back(std::move(message));
      StartRead(&bytes_);
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
      v1::ImportTrackingUpdatesResponse response;
      grpc::Status status = ToGrpcStatus(
          core_.ImportTrackingUpdates(caller_, messages_, &response));
      bool own_buffer = false;
      if (status.ok()) {
        status = grpc::SerializationTraits<
            v1::ImportTrackingUpdatesResponse>::Serialize(response,
                                                          response_bytes_,
                                                          &own_buffer);
      }
      Finish(status);
    });
  }
  void OnDone() override { delete this; }

 private:
  BlockingPool& pool_;
  Dispatch& core_;
  grpc::CallbackServerContext* const context_;
  const auth::Caller caller_;
  grpc::ByteBuffer* const response_bytes_;
  grpc::ByteBuffer bytes_;
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

grpc::ServerReadReactor<grpc::ByteBuffer>*
DispatchGrpcService::ImportTrackingUpdates(grpc::CallbackServerContext* context,
                                           grpc::ByteBuffer* response) {
  return new TrackingReader(*handlers_, *core_, context, response);
}

}  // namespace nanoinfluence::dispatch
