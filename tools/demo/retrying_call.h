// One unary call as the demo's clients make it: a bearer token, a deadline,
// and retries with backoff while the answer says "try again" (UNAVAILABLE,
// RESOURCE_EXHAUSTED from a rate limit, DEADLINE_EXCEEDED, ABORTED) or a
// code the caller names (NOT_FOUND while a relay has not yet told a service
// about a new campaign). Every write carries a request_id, so a retry never
// applies twice.
//
//   NANO_ASSIGN_OR_RETURN(auto opened,
//                         RetryingCall(&RecruitmentStub::OpenCampaign,
//                                      *stubs.recruitment, bearer, request));
#pragma once

#include <algorithm>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence::demo {

struct RetryOptions {
  // Deadline of each attempt.
  absl::Duration deadline = absl::Seconds(30);
  // No new attempt starts after this long.
  absl::Duration give_up_after = absl::Seconds(90);
  // Other answers worth retrying (e.g. NOT_FOUND while a relay catches
  // up); none when unset.
  std::function<bool(const grpc::Status&)> also_retry;
};

// The `also_retry` of a call a relay may not have caught up with: the
// answer has `code` and its message starts with `prefix`.
inline std::function<bool(const grpc::Status&)> UntilRelayed(
    grpc::StatusCode code, std::string prefix = "") {
  return [code, prefix](const grpc::Status& status) {
    return status.error_code() == code &&
           absl::StartsWith(status.error_message(), prefix);
  };
}

inline bool IsTransient(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::ABORTED;
}

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> RetryingCall(
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                 Response*),
    Stub& stub, const std::string& bearer, const Request& request,
    const RetryOptions& options = {}) {
  const absl::Time give_up = absl::Now() + options.give_up_after;
  absl::Duration backoff = absl::Milliseconds(50);
  while (true) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", bearer);
    context.set_deadline(absl::ToChronoTime(absl::Now() + options.deadline));
    Response response;
    const grpc::Status status = (stub.*method)(&context, request, &response);
    if (status.ok()) return response;
    const bool named = options.also_retry && options.also_retry(status);
    if ((!IsTransient(status.error_code()) && !named) ||
        absl::Now() + backoff > give_up) {
      return FromGrpcStatus(status);
    }
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(2));
  }
}

}  // namespace nanoinfluence::demo
