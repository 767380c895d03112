#include "services/dispatch/dispatch_grpc_service.h"

#include <utility>
#include <vector>

#include "libs/status/grpc_status.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::dispatch {
namespace {

// How long an allocation waits for recruitment's list of testers.
constexpr absl::Duration kSelectedTestersDeadline = absl::Seconds(10);
// Rows per message of the fulfilment export (the contract's maximum).
constexpr int kRowsPerMessage = 500;

absl::StatusOr<std::unique_ptr<auth::PeerClient>> ConnectRecruitment(
    const ServiceContext& context) {
  return auth::PeerClient::Connect({.address = context.peers.at("recruitment"),
                                    .tls = context.tls,
                                    .tokens = context.tokens,
                                    .caller_name = "dispatch"});
}

// Sends the rows, 500 per message, then OK.
class FulfilmentWriter
    : public grpc::ServerWriteReactor<v1::ExportFulfilmentResponse> {
 public:
  FulfilmentWriter(const absl::Status& status,
                   std::vector<v1::FulfilmentRow> rows)
      : rows_(std::move(rows)) {
    if (!status.ok()) {
      Finish(ToGrpcStatus(status));
      return;
    }
    Next();
  }
  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the client went away; export again"));
      return;
    }
    Next();
  }
  void OnDone() override { delete this; }

 private:
  void Next() {
    if (sent_ >= rows_.size() && sent_ > 0) {
      Finish(grpc::Status::OK);
      return;
    }
    if (rows_.empty()) {
      Finish(grpc::Status::OK);
      return;
    }
    message_.Clear();
    for (int n = 0; n < kRowsPerMessage && sent_ < rows_.size(); ++n) {
      *message_.add_rows() = std::move(rows_[sent_++]);
    }
    StartWrite(&message_);
  }

  std::vector<v1::FulfilmentRow> rows_;
  size_t sent_ = 0;
  v1::ExportFulfilmentResponse message_;
};

// Gathers the whole file, then applies it in one transaction.
class TrackingReader
    : public grpc::ServerReadReactor<v1::ImportTrackingUpdatesRequest> {
 public:
  TrackingReader(Dispatch& core, grpc::CallbackServerContext* context,
                 v1::ImportTrackingUpdatesResponse* response)
      : core_(core),
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
    // The stream ended: half-closed by the client, or cancelled or broken,
    // in which case the file is incomplete and nothing of it is applied.
    if (context_->IsCancelled()) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                          "the import was cancelled; nothing was applied"));
      return;
    }
    Finish(ToGrpcStatus(
        core_.ImportTrackingUpdates(caller_, messages_, response_)));
  }
  void OnDone() override { delete this; }

 private:
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
  NANO_ASSIGN_OR_RETURN(service->tier_peer_, ConnectRecruitment(context));
  NANO_ASSIGN_OR_RETURN(std::unique_ptr<auth::PeerClient> testers_peer,
                        ConnectRecruitment(context));
  service->tier_source_ =
      std::make_unique<tiers::RecruitmentTierSource>(*service->tier_peer_);
  tiers::TierReaderOptions tier_options;
  tier_options.redis = context.redis;
  service->tier_reader_ =
      std::make_unique<tiers::TierReader>(tier_options, *service->tier_source_);
  service->tiers_ = std::make_unique<CachedTierLookup>(*service->tier_reader_);
  service->testers_ = std::make_unique<RecruitmentSelectedTesters>(
      std::move(testers_peer), kSelectedTestersDeadline);
  service->core_ =
      std::make_unique<Dispatch>(context.db, context.outbox, *service->testers_,
                                 *service->tiers_, deadline_day);
  return service;
}

grpc::ServerWriteReactor<v1::ExportFulfilmentResponse>*
DispatchGrpcService::ExportFulfilment(
    grpc::CallbackServerContext* context,
    const v1::ExportFulfilmentRequest* request) {
  std::vector<v1::FulfilmentRow> rows;
  const absl::Status status =
      core_->ExportFulfilment(auth::CallerOf(*context), *request, &rows);
  return new FulfilmentWriter(status, std::move(rows));
}

grpc::ServerReadReactor<v1::ImportTrackingUpdatesRequest>*
DispatchGrpcService::ImportTrackingUpdates(
    grpc::CallbackServerContext* context,
    v1::ImportTrackingUpdatesResponse* response) {
  return new TrackingReader(*core_, context, response);
}

}  // namespace nanoinfluence::dispatch
