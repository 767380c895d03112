// One unary call with a bearer token and a deadline, its gRPC status
// converted once into absl::Status (code and message kept).
//
//   NANO_ASSIGN_OR_RETURN(
//       kpi::v1::CampaignReport report,
//       UnaryCall(&KpiStub::GetCampaignReport, *stub, bearer, request));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence::tools {

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> UnaryCall(
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                 Response*),
    Stub& stub, const std::string& bearer, const Request& request,
    absl::Duration deadline = absl::Seconds(30)) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", bearer);
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  Response response;
  grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

}  // namespace nanoinfluence::tools
