// P5 of QUALITY.md: GetTier throughput of the real recruitment server at 64
// calls in flight, over the throughput of a nearly empty RPC on the same
// server (the gRPC health check), measured in the same run, alternating.
//
//   gettier_bench --redis_port=N [--quick]
// Prints the figures, then one JSON object on the last line.
#include <algorithm>
#include <atomic>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpcpp/generic/generic_stub.h"
#include "libs/auth/bearer.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"

ABSL_FLAG(int, redis_port, 6379, "port of the redis-server to use");
ABSL_FLAG(bool, quick, false, "shorter rounds, for a smoke check");

namespace nanoinfluence::bench {
namespace {

namespace v1 = recruitment::v1;
constexpr int kInFlight = 64;

// Keeps kInFlight calls of one method going for a while; counts answers.
class InFlightLoad {
 public:
  InFlightLoad(grpc::GenericStub& stub, std::string method,
               std::vector<std::string> requests, std::string authorization)
      : stub_(stub),
        method_(std::move(method)),
        authorization_(std::move(authorization)) {
    for (const std::string& bytes : requests) {
      grpc::Slice slice(bytes);
      requests_.emplace_back(&slice, 1);
    }
  }

  // Calls per second over `duration`.
  double Run(absl::Duration duration) {
    answered_ = failed_ = 0;
    stop_ = false;
    running_ = kInFlight;
    const absl::Time start = absl::Now();
    for (int slot = 0; slot < kInFlight; ++slot) Issue(slot);
    absl::SleepFor(duration);
    stop_ = true;
    const int64_t answered = answered_;
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](int* running) { return *running == 0; }, &running_));
    if (failed_ > 0) std::cerr << method_ << ": " << failed_ << " failed\n";
    return answered / seconds;
  }

 private:
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer response;
  };

  void Issue(int slot) {
    auto* call = new Call;
    call->context.AddMetadata(auth::kAuthorizationKey, authorization_);
    call->context.set_deadline(
        absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    const grpc::ByteBuffer* request =
        &requests_[(slot + answered_) % requests_.size()];
    stub_.UnaryCall(&call->context, method_, grpc::StubOptions(), request,
                    &call->response, [this, call, slot](grpc::Status status) {
                      delete call;
                      if (status.ok()) {
                        ++answered_;
                      } else {
                        ++failed_;
                      }
                      if (!stop_) {
                        Issue(slot);
                        return;
                      }
                      absl::MutexLock lock(&mu_);
                      --running_;
                    });
  }

  grpc::GenericStub& stub_;
  const std::string method_;
  const std::string authorization_;
  std::vector<grpc::ByteBuffer> requests_;
  std::atomic<int64_t> answered_{0}, failed_{0};
  std::atomic<bool> stop_{false};
  absl::Mutex mu_;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
};

int Run() {
  const bool quick = absl::GetFlag(FLAGS_quick);
  testing::TempDir dir;
  auto server = testing::ServiceProcess::Start(
      "recruitment", dir.path(),
      {absl::StrCat("--redis=127.0.0.1:", absl::GetFlag(FLAGS_redis_port)),
       "--log_calls=false", "--write_rate_per_second=100000",
       "--write_burst=100000"});
  if (!server.ok()) {
    std::cerr << server.status() << "\n";
    return 1;
  }
  auto stub = v1::RecruitmentService::NewStub((*server)->channel());
  std::vector<std::string> tier_requests;
  for (int i = 0; i < (quick ? 100 : 1000); ++i) {
    v1::RegisterAmbassadorRequest request;
    request.set_request_id(absl::StrCat("bench-", i));
    v1::AmbassadorProfile* p = request.mutable_profile();
    p->set_display_name(absl::StrCat("Member ", i));
    p->set_first_name("Bench");
    p->set_last_name("Member");
    p->set_email(absl::StrCat("bench", i, "@example.com"));
    p->mutable_birth_date()->set_year(1990);
    p->mutable_birth_date()->set_month(1);
    p->mutable_birth_date()->set_day(1);
    p->set_country_code("FR");
    p->set_postal_code("75011");
    request.mutable_consent()->set_terms_version("2026-01");
    request.mutable_consent()->set_data_processing_version("2026-01");
    grpc::ClientContext context;
    testing::AddBearer(context, testing::OpsCaller());
    v1::RegisterAmbassadorResponse response;
    const grpc::Status status =
        stub->RegisterAmbassador(&context, request, &response);
    if (!status.ok()) {
      std::cerr << "register: " << status.error_message() << "\n";
      return 1;
    }
    v1::GetTierRequest get;
    get.set_ambassador_id(response.ambassador().ambassador_id());
    tier_requests.push_back(get.SerializeAsString());
  }

  grpc::GenericStub generic((*server)->channel());
  const std::string bearer = absl::StrCat(
      "Bearer ", testing::TestToken(testing::ServiceCaller("dispatch")));
  InFlightLoad gettier(
      generic, "/nanoinfluence.recruitment.v1.RecruitmentService/GetTier",
      tier_requests, bearer);
  InFlightLoad empty(generic, "/grpc.health.v1.Health/Check", {""}, bearer);
  const absl::Duration round = quick ? absl::Seconds(1) : absl::Seconds(4);
  gettier.Run(absl::Milliseconds(500));  // warm-up
  std::vector<double> ratios, gettier_rates, empty_rates;
  for (int i = 0; i < (quick ? 2 : 5); ++i) {
    empty_rates.push_back(empty.Run(round));
    gettier_rates.push_back(gettier.Run(round));
    ratios.push_back(gettier_rates.back() / empty_rates.back());
    std::cout << absl::StrFormat(
        "round %d: empty RPC %.0f/s, GetTier %.0f/s, ratio %.3f\n", i + 1,
        empty_rates.back(), gettier_rates.back(), ratios.back());
  }
  std::sort(ratios.begin(), ratios.end());
  std::sort(gettier_rates.begin(), gettier_rates.end());
  std::sort(empty_rates.begin(), empty_rates.end());
  const size_t mid = ratios.size() / 2;
  (*server)->Stop();
  std::cout << absl::StrFormat(
      "{\"in_flight\": %d, \"gettier_per_s\": %.0f, \"empty_rpc_per_s\": "
      "%.0f, \"gettier_vs_empty_rpc\": %.3f}\n",
      kInFlight, gettier_rates[mid], empty_rates[mid], ratios[mid]);
  return 0;
}

}  // namespace
}  // namespace nanoinfluence::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return nanoinfluence::bench::Run();
}
