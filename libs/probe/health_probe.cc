#include "libs/probe/health_probe.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence {

absl::StatusOr<ServingStatus> CheckHealth(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
    absl::Duration timeout) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response.status();
}

absl::Status WaitUntilServing(const std::shared_ptr<grpc::Channel>& channel,
                              const std::string& service,
                              absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::Status last;
  while (true) {
    absl::StatusOr<ServingStatus> status =
        CheckHealth(channel, service, absl::Seconds(1));
    if (status.ok() &&
        *status == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    last = status.ok()
               ? absl::FailedPreconditionError(absl::StrCat(
                     "health of \"", service, "\" is ",
                     grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                         *status)))
               : status.status();
    if (absl::Now() >= deadline) return last;
    absl::SleepFor(absl::Milliseconds(50));
  }
}

}  // namespace nanoinfluence
