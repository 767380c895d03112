// Asks a server's grpc.health.v1.Health whether it serves, as Kubernetes'
// gRPC probes and `nanoctl status` do.
//
//   auto status = CheckHealth(channel, "nanoinfluence.kpi.v1.KpiService",
//                             absl::Seconds(1));
//   if (status.ok() && *status == ServingStatus::SERVING) ...
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/channel.h"

namespace nanoinfluence {

using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// The status of `service` ("" for the whole server). UNAVAILABLE or
// DEADLINE_EXCEEDED when the server does not answer within `timeout`;
// NOT_FOUND for a service name the server does not know.
absl::StatusOr<ServingStatus> CheckHealth(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
    absl::Duration timeout);

// Polls CheckHealth until it answers SERVING or `timeout` passes; the last
// error (or FAILED_PRECONDITION for a non-serving answer) otherwise.
absl::Status WaitUntilServing(const std::shared_ptr<grpc::Channel>& channel,
                              const std::string& service,
                              absl::Duration timeout);

}  // namespace nanoinfluence
