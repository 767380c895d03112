// A subscriber posing as one of the suite's services (`GrpcService` is its
// generated CallbackService): IngestEvents through the real EventIntake into
// a ledger database, with failures injected on demand.
#pragma once

#include "absl/synchronization/mutex.h"
#include "libs/auth/caller.h"
#include "libs/events/intake.h"
#include "libs/status/grpc_status.h"
#include "tests/events/ledger.h"

namespace nanoinfluence::testing {

template <typename GrpcService>
class LedgerSubscriber final : public GrpcService::CallbackService {
 public:
  explicit LedgerSubscriber(sql::Database& db)
      : intake_(db, &ApplyLedgerEvent) {}

  grpc::ServerUnaryReactor* IngestEvents(
      grpc::CallbackServerContext* context,
      const common::v1::IngestEventsRequest* request,
      common::v1::IngestEventsResponse* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    {
      absl::MutexLock lock(&mu_);
      ++calls_;
      if (failures_to_inject_ > 0) {
        --failures_to_inject_;
        reactor->Finish(
            grpc::Status(grpc::StatusCode::UNAVAILABLE, "injected failure"));
        return reactor;
      }
    }
    absl::Status status =
        intake_.Ingest(auth::CallerOf(*context), *request, response);
    if (status.ok()) {
      absl::MutexLock lock(&mu_);
      duplicates_ += response->duplicate_event_ids_size();
    }
    reactor->Finish(ToGrpcStatus(status));
    return reactor;
  }

  // The next `count` calls answer UNAVAILABLE.
  void FailNext(int count) {
    absl::MutexLock lock(&mu_);
    failures_to_inject_ = count;
  }
  int calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  int duplicates() {
    absl::MutexLock lock(&mu_);
    return duplicates_;
  }

 private:
  events::EventIntake intake_;
  absl::Mutex mu_;
  int failures_to_inject_ ABSL_GUARDED_BY(mu_) = 0;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
  int duplicates_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace nanoinfluence::testing
