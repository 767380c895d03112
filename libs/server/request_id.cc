#include "libs/server/request_id.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "grpcpp/support/client_interceptor.h"

namespace nanoinfluence {
namespace {

using grpc::experimental::InterceptionHookPoints;

thread_local std::string current_request_id;

// Settles the call's id when its metadata arrives, and echoes it to the
// caller with the response's first metadata.
class RequestIdInterceptor : public grpc::experimental::Interceptor {
 public:
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Settle(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA) &&
        !id_.empty()) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdKey, id_);
    }
    methods->Proceed();
  }

 private:
  void Settle(std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    const auto given = metadata.find(kRequestIdKey);
    if (given != metadata.end()) {
      id_.assign(given->second.data(), given->second.size());
    }
    if (given != metadata.end() && IsUsableRequestId(id_) &&
        metadata.count(kRequestIdKey) == 1) {
      return;
    }
    // Absent, unusable or ambiguous: a fresh id, which handlers and the log
    // see in the caller's place. The string lives in this interceptor,
    // which lives as long as the call.
    metadata.erase(kRequestIdKey);
    id_ = GenerateRequestId();
    metadata.emplace(kRequestIdKey, id_);
  }

  std::string id_;
};

// Puts the current thread's request id on each outgoing call. The id is read
// when the call is created, on the thread that makes it.
class PropagationInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit PropagationInterceptor(std::string id) : id_(std::move(id)) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA) &&
        !id_.empty()) {
      std::multimap<std::string, std::string>* metadata =
          methods->GetSendInitialMetadata();
      if (!metadata->contains(kRequestIdKey)) {
        metadata->emplace(kRequestIdKey, id_);
      }
    }
    methods->Proceed();
  }

 private:
  const std::string id_;
};

class PropagationFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new PropagationInterceptor(std::string(CurrentRequestId()));
  }
};

}  // namespace

bool IsUsableRequestId(absl::string_view id) {
  return !id.empty() && id.size() <= 128 &&
         std::all_of(id.begin(), id.end(),
                     [](char c) { return c > ' ' && c < 0x7f; });
}

std::string GenerateRequestId() {
  thread_local absl::BitGen random;
  const uint64_t high = absl::Uniform<uint64_t>(random);
  const uint64_t low = absl::Uniform<uint64_t>(random);
  // Version 4 (random), variant 10.
  return absl::StrFormat(
      "%08x-%04x-4%03x-%04x-%012x", high >> 32, (high >> 16) & 0xffff,
      high & 0x0fff, 0x8000 | ((low >> 48) & 0x3fff), low & 0xffffffffffffULL);
}

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find(kRequestIdKey);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

absl::string_view CurrentRequestId() { return current_request_id; }

RequestIdScope::RequestIdScope(std::string id)
    : previous_(std::exchange(current_request_id, std::move(id))) {}

RequestIdScope::~RequestIdScope() { current_request_id = std::move(previous_); }

grpc::experimental::Interceptor*
RequestIdInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo*) {
  return new RequestIdInterceptor();
}

void PropagateRequestIds() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Owned by gRPC for the life of the process.
    grpc::experimental::RegisterGlobalClientInterceptorFactory(
        new PropagationFactory());
  });
}

}  // namespace nanoinfluence
