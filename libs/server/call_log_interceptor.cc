#include "libs/server/call_log_interceptor.h"

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "libs/auth/caller.h"
#include "libs/log/json_log.h"
#include "libs/server/request_id.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallLogInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit CallLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info), start_(absl::Now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    // PRE_SEND_STATUS is the one point every server call passes through
    // exactly once, with the final status in hand.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      LogLine line(status.ok() ? "info" : "warn", "call");
      line.Add("method", info_->method())
          .Add("code", GrpcCodeName(status.error_code()))
          .Add("latency_us", absl::ToInt64Microseconds(absl::Now() - start_))
          .Add("peer", info_->server_context()->peer())
          .Add("request_id", RequestIdOf(*info_->server_context()));
      const auth::Caller caller = auth::CallerOf(*info_->server_context());
      if (!caller.subject.empty()) {
        line.Add("role", auth::RoleName(caller.role))
            .Add("subject", caller.subject);
      }
      if (!status.ok()) line.Add("error", status.error_message());
      line.Emit();
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  absl::Time start_;
};

}  // namespace

grpc::experimental::Interceptor*
CallLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallLogInterceptor(info);
}

}  // namespace nanoinfluence
