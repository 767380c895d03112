#include "libs/server/call_metrics_interceptor.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence {
namespace {

using grpc::experimental::InterceptionHookPoints;
using Clock = std::chrono::steady_clock;

metrics::Family<metrics::Counter>& Handled() {
  static auto& family = metrics::DefaultRegistry().AddCounter(
      "grpc_server_handled_total",
      "gRPC calls finished by the server (refused ones included), by method "
      "and status code.",
      {"grpc_service", "grpc_method", "grpc_code"});
  return family;
}

metrics::Family<metrics::Histogram>& Latency() {
  static auto& family = metrics::DefaultRegistry().AddHistogram(
      "grpc_server_handling_seconds",
      "Time from a call's arrival to its status, in seconds, by method.",
      {"grpc_service", "grpc_method"}, metrics::LatencyBuckets());
  return family;
}

// Served by the runtime itself on every server, not among the hosted
// services' descriptors.
constexpr const char* kRuntimeMethods[] = {
    "/grpc.health.v1.Health/Check",
    "/grpc.health.v1.Health/Watch",
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
};

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class CallMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit CallMetricsInterceptor(CallMetrics::MethodSeries& series)
      : series_(series), start_(Clock::now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    // Every call that reached the service passes here exactly once, with
    // its final status.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      series_.Record(methods->GetSendStatus().error_code(),
                     SecondsSince(start_));
    }
    methods->Proceed();
  }

 private:
  CallMetrics::MethodSeries& series_;
  const Clock::time_point start_;
};

}  // namespace

CallMetrics::CallMetrics(const std::vector<std::string>& services) {
  const auto add = [this](const std::string& service,
                          const std::string& method) {
    methods_[absl::StrCat("/", service, "/", method)] =
        std::make_unique<MethodSeries>(service, method);
  };
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      add(name, service->method(i)->name());
    }
  }
  for (const std::string path : kRuntimeMethods) {
    const size_t slash = path.rfind('/');
    add(path.substr(1, slash - 1), path.substr(slash + 1));
  }
}

CallMetrics::MethodSeries& CallMetrics::SeriesOf(absl::string_view path) {
  const auto it = methods_.find(path);
  return it == methods_.end() ? unknown_ : *it->second;
}

void CallMetrics::MethodSeries::Record(grpc::StatusCode code, double seconds) {
  const int index =
      code >= 0 && code < kCodes ? code : grpc::StatusCode::UNKNOWN;
  metrics::Counter* handled = handled_[index].load(std::memory_order_acquire);
  if (handled == nullptr) {
    // Two first calls may both look the child up: the family gives both
    // the same one.
    handled = &Handled().WithLabels({service_, method_, GrpcCodeName(index)});
    handled_[index].store(handled, std::memory_order_release);
  }
  metrics::Histogram* latency = latency_.load(std::memory_order_acquire);
  if (latency == nullptr) {
    latency = &Latency().WithLabels({service_, method_});
    latency_.store(latency, std::memory_order_release);
  }
  handled->Increment();
  latency->Observe(seconds);
}

grpc::experimental::Interceptor*
CallMetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  const char* method = info->method();
  return new CallMetricsInterceptor(
      metrics_->SeriesOf(method == nullptr ? "" : method));
}

grpc::Status RefusedCallCounter::Process(const InputMetadata& metadata,
                                         grpc::AuthContext* context,
                                         OutputMetadata* consumed_metadata,
                                         OutputMetadata* response_metadata) {
  const Clock::time_point start = Clock::now();
  grpc::Status status =
      inner_->Process(metadata, context, consumed_metadata, response_metadata);
  if (!status.ok()) {
    const auto path = metadata.find(":path");
    metrics_
        ->SeriesOf(
            path == metadata.end()
                ? absl::string_view()
                : absl::string_view(path->second.data(), path->second.size()))
        .Record(status.error_code(), SecondsSince(start));
  }
  return status;
}

}  // namespace nanoinfluence
