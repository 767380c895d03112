// Calls any method by its path with one request message given as bytes,
// whatever the method's streaming kind (a bidi call carries unary and
// streaming calls alike), and returns the final status: for tests that
// enumerate methods from the contracts.
//
//   grpc::GenericStub stub(channel);
//   grpc::Status status = OneMessageCall(request.SerializeAsString())
//       .Run(stub, "/nanoinfluence.kpi.v1.KpiService/GetCampaignReport",
//            "Bearer ...");
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "libs/auth/bearer.h"

namespace nanoinfluence::testing {

class OneMessageCall
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // Empty bytes are the default message of any type.
  explicit OneMessageCall(const std::string& request_bytes = "")
      : OneMessageCall(std::vector<std::string>{request_bytes}) {}
  // Several messages in turn, for a client stream (bytes of any kind: a test
  // may send some that are no message at all).
  explicit OneMessageCall(const std::vector<std::string>& messages) {
    for (const std::string& message : messages) {
      grpc::Slice bytes(message);
      requests_.emplace_back(&bytes, 1);
    }
  }

  // Cancels the call once the first response arrives: for a stream that
  // would run until the client leaves (a watch), the first message is the
  // proof it was accepted. Run then answers CANCELLED and responded() is
  // true.
  void EndAfterFirstResponse() { end_after_first_response_ = true; }
  bool responded() const { return responded_; }
  // The serialized first response ("" when none came): enough to check an
  // answer holds nothing it should not.
  const std::string& first_response() const { return first_response_; }

  // `authorization` is the whole header value ("Bearer ..."); none if empty.
  grpc::Status Run(grpc::GenericStub& stub, const std::string& path,
                   const std::string& authorization) {
    if (!authorization.empty()) {
      context_.AddMetadata(auth::kAuthorizationKey, authorization);
    }
    context_.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    stub.PrepareBidiStreamingCall(&context_, path, {}, this);
    StartWrite(&requests_[0]);
    StartRead(&response_);
    StartCall();
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [this] { return done_; });
    return status_;
  }

  void OnWriteDone(bool ok) override {
    if (ok && ++written_ < requests_.size()) {
      StartWrite(&requests_[written_]);
      return;
    }
    StartWritesDone();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    if (!responded_) {
      std::vector<grpc::Slice> slices;
      if (response_.Dump(&slices).ok()) {
        for (const grpc::Slice& slice : slices) {
          first_response_.append(reinterpret_cast<const char*>(slice.begin()),
                                 slice.size());
        }
      }
    }
    responded_ = true;
    if (end_after_first_response_) {
      context_.TryCancel();
      return;
    }
    StartRead(&response_);
  }
  void OnDone(const grpc::Status& status) override {
    std::lock_guard lock(mu_);
    status_ = status;
    done_ = true;
    done_cv_.notify_one();
  }

 private:
  grpc::ClientContext context_;
  std::vector<grpc::ByteBuffer> requests_;
  size_t written_ = 0;
  grpc::ByteBuffer response_;
  std::mutex mu_;
  std::condition_variable done_cv_;
  bool done_ = false;
  grpc::Status status_;
  bool end_after_first_response_ = false;
  // Written by the read callback before OnDone, read after Run returns.
  bool responded_ = false;
  std::string first_response_;
};

}  // namespace nanoinfluence::testing
