// Counts every call by method and status code, and times it:
//
//   grpc_server_handled_total{grpc_service, grpc_method, grpc_code}
//   grpc_server_handling_seconds{grpc_service, grpc_method}  (histogram)
//
// in metrics::DefaultRegistry(). Calls that reach the service are counted
// by a server interceptor when their status is sent; calls the auth
// processor refuses (no or bad token, wrong role, rate limit) end before
// any interceptor runs, so a wrapper around the processor counts those.
// The methods of the hosted services, health and reflection get their own
// series; any other path a client names is counted as service and method
// "unknown", so a client cannot make up series. Installed by GrpcServer.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/auth_metadata_processor.h"
#include "grpcpp/support/server_interceptor.h"
#include "libs/metrics/registry.h"

namespace nanoinfluence {

// The series of a server's methods.
class CallMetrics {
 public:
  // `services`: the full names of the hosted services
  // ("nanoinfluence.kpi.v1.KpiService"), whose methods are read from the
  // generated descriptors.
  explicit CallMetrics(const std::vector<std::string>& services);

  // One method's series, created on first use, then found without a lock.
  class MethodSeries {
   public:
    MethodSeries(std::string service, std::string method)
        : service_(std::move(service)), method_(std::move(method)) {}
    void Record(grpc::StatusCode code, double seconds);

   private:
    static constexpr int kCodes = 17;  // OK .. UNAUTHENTICATED
    const std::string service_;
    const std::string method_;
    std::array<std::atomic<metrics::Counter*>, kCodes> handled_ = {};
    std::atomic<metrics::Histogram*> latency_ = nullptr;
  };

  // The series of `path` ("/nanoinfluence.kpi.v1.KpiService/GetTier").
  MethodSeries& SeriesOf(absl::string_view path);

 private:
  // Built once, then only read.
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> methods_;
  MethodSeries unknown_{"unknown", "unknown"};
};

class CallMetricsInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallMetricsInterceptorFactory(std::shared_ptr<CallMetrics> metrics)
      : metrics_(std::move(metrics)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const std::shared_ptr<CallMetrics> metrics_;
};

// Runs `inner` and counts the calls it refuses.
class RefusedCallCounter : public grpc::AuthMetadataProcessor {
 public:
  RefusedCallCounter(std::shared_ptr<grpc::AuthMetadataProcessor> inner,
                     std::shared_ptr<CallMetrics> metrics)
      : inner_(std::move(inner)), metrics_(std::move(metrics)) {}

  bool IsBlocking() const override { return inner_->IsBlocking(); }
  grpc::Status Process(const InputMetadata& metadata,
                       grpc::AuthContext* context,
                       OutputMetadata* consumed_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const std::shared_ptr<grpc::AuthMetadataProcessor> inner_;
  const std::shared_ptr<CallMetrics> metrics_;
};

}  // namespace nanoinfluence
