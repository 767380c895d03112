// Runs the calls of a fuzz input against a service's core the way its gRPC
// glue would: the set field of each call's `request` oneof picks the core
// method that takes that request type, and the call's FuzzCaller becomes
// the verified caller. Ids that earlier answers held replace the "@N" of
// later requests (id_references.h).
//
//   CallRunner<Dispatch> runner({Rpc(&Dispatch::SetStock), ...});
//   runner.RunAll(core, input);  // input: DispatchFuzzInput
#pragma once

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "libs/auth/caller.h"
#include "tests/fuzz/fuzz_oracle.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/id_references.h"
#include "tests/fuzz/inputs/fuzz_caller.pb.h"

namespace nanoinfluence::fuzz {

// The verified caller a FuzzCaller stands for (fuzz_caller.proto).
auth::Caller ToCaller(const FuzzCaller& caller);

// One RPC: runs `request` on the core and hands what it answered to
// TakeAnswer.
template <typename Core>
using RpcCall = std::function<void(Core&, const auth::Caller&,
                                   const google::protobuf::Message& request,
                                   IdReferences& ids)>;

// Checks an answer (fuzz_oracle.h); an OK one's ids become referable.
inline void TakeAnswer(absl::string_view rpc, const absl::Status& status,
                       const google::protobuf::Message* response,
                       IdReferences& ids) {
  CheckAnswer(rpc, status, response);
  if (status.ok() && response != nullptr) ids.Learn(*response);
}

// The RpcCall of a core method of the usual shape
// `Status Method(const Caller&, const Request&, Response*)`.
template <typename Core, typename Request, typename Response>
std::pair<std::string, RpcCall<Core>> Rpc(absl::Status (Core::*method)(
    const auth::Caller&, const Request&, Response*)) {
  return {
      Request::descriptor()->full_name(),
      [method](Core& core, const auth::Caller& caller,
               const google::protobuf::Message& request, IdReferences& ids) {
        Response response;
        const absl::Status status = (core.*method)(
            caller, static_cast<const Request&>(request), &response);
        TakeAnswer(Request::descriptor()->name(), status, &response, ids);
      }};
}

template <typename Core>
class CallRunner {
 public:
  // By request type full name; each type of a service's RPCs is unique.
  // `prepare`, when given, adjusts each request before it runs (after its
  // "@N" are resolved), e.g. ShiftSeedTimes.
  CallRunner(std::initializer_list<std::pair<std::string, RpcCall<Core>>> rpcs,
             std::function<void(google::protobuf::Message&)> prepare = {})
      : rpcs_(rpcs.begin(), rpcs.end()), prepare_(std::move(prepare)) {}

  // Runs the first kMaxCallsPerInput calls of `input` (a message whose
  // field 1 is the repeated calls). A request type with no RPC is a bug of the
  // target and aborts, so a new oneof case cannot be silently skipped.
  void RunAll(Core& core, const google::protobuf::Message& input) const {
    const auto* calls = input.GetDescriptor()->FindFieldByNumber(1);
    const auto* reflection = input.GetReflection();
    const int count =
        std::min(reflection->FieldSize(input, calls), kMaxCallsPerInput);
    IdReferences ids;
    TakeAnswerCodes();  // from here on, this input's answers only
    for (int i = 0; i < count; ++i) {
      Run(core, reflection->GetRepeatedMessage(input, calls, i), ids);
    }
  }

 private:
  void Run(Core& core, const google::protobuf::Message& call,
           IdReferences& ids) const {
    const auto* descriptor = call.GetDescriptor();
    const auto* reflection = call.GetReflection();
    const auto* oneof = descriptor->FindOneofByName("request");
    const auto* chosen = reflection->GetOneofFieldDescriptor(call, oneof);
    if (chosen == nullptr) return;
    std::unique_ptr<google::protobuf::Message> request(
        reflection->GetMessage(call, chosen).New());
    request->CopyFrom(reflection->GetMessage(call, chosen));
    ids.Resolve(*request);
    if (prepare_) prepare_(*request);
    if (!ArrivesOverGrpc(*request)) return;
    const auto rpc = rpcs_.find(request->GetDescriptor()->full_name());
    if (rpc == rpcs_.end()) {
      FailInvariant("no RPC for " + request->GetDescriptor()->full_name());
    }
    const auto& caller = static_cast<const FuzzCaller&>(
        reflection->GetMessage(call, descriptor->FindFieldByName("caller")));
    rpc->second(core, ToCaller(caller), *request, ids);
  }

  // Whether a client could send `request` at all: a proto3 `string` field
  // holding invalid UTF-8 fails the server's parse, so gRPC answers such a
  // call before any handler runs (the bad-input tests check that answer).
  static bool ArrivesOverGrpc(const google::protobuf::Message& request) {
    std::string wire;
    std::unique_ptr<google::protobuf::Message> parsed(request.New());
    return request.SerializeToString(&wire) && parsed->ParseFromString(wire);
  }

  absl::flat_hash_map<std::string, RpcCall<Core>> rpcs_;
  std::function<void(google::protobuf::Message&)> prepare_;
};

}  // namespace nanoinfluence::fuzz
