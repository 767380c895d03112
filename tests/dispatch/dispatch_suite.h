// Dispatch under test with what it talks to: a real redis-server, a real
// recruitment_server and a real dispatch_server, wired to each other (peers
// and event relays) on free loopback ports. Helpers build a campaign with
// selected testers through recruitment's own API, the way a brand would.
//
//   DispatchSuite suite;
//   SelectedCampaign campaign = suite.SelectCampaign(kBrand, 20);
//   auto stock = suite.Call(&DispatchStub::SetStock, BrandCaller(kBrand), ...);
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "libs/auth/caller.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.grpc.pb.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"
#include "nanoinfluence/ugc/v1/ugc_service.grpc.pb.h"
#include "tests/harness/redis_server.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"
#include "tests/recruitment/recruitment_client.h"

namespace nanoinfluence::testing {

namespace dispatch_v1 = ::nanoinfluence::dispatch::v1;
using DispatchStub = dispatch_v1::DispatchService::Stub;
namespace ugc_v1 = ::nanoinfluence::ugc::v1;
using UgcStub = ugc_v1::UgcService::Stub;

struct SelectedCampaign {
  std::string campaign_id;
  std::string brand_id;
  // By selection rank (1 first).
  std::vector<std::string> testers;
};

class DispatchSuite {
 public:
  // Starts everything; any failure is reported by ok(). With `ugc_flags`,
  // a ugc_server too, wired to recruitment and dispatch both ways; with
  // `kpi`, a kpi_server too, which every relay feeds.
  explicit DispatchSuite(
      std::vector<std::string> dispatch_flags = {},
      std::optional<std::vector<std::string>> ugc_flags = std::nullopt,
      bool kpi = false);
  ~DispatchSuite();

  bool ok() const { return start_error_.empty(); }
  const std::string& start_error() const { return start_error_; }

  template <typename Request, typename Response>
  Answer<Response> Call(grpc::Status (DispatchStub::*method)(
                            grpc::ClientContext*, const Request&, Response*),
                        const auth::Caller& caller, const Request& request,
                        absl::Duration deadline = absl::Seconds(60)) {
    return CallOn(*dispatch_, method, caller, request, deadline);
  }
  // The same call on the second dispatch (StartDispatchReplica).
  template <typename Request, typename Response>
  Answer<Response> CallReplica(
      grpc::Status (DispatchStub::*method)(grpc::ClientContext*, const Request&,
                                           Response*),
      const auth::Caller& caller, const Request& request) {
    return CallOn(*replica_, method, caller, request, absl::Seconds(60));
  }
  template <typename Request, typename Response>
  Answer<Response> CallRecruitment(
      grpc::Status (RecruitmentStub::*method)(grpc::ClientContext*,
                                              const Request&, Response*),
      const auth::Caller& caller, const Request& request) {
    grpc::ClientContext context;
    AddBearer(context, caller);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    Answer<Response> answer;
    auto stub = RecruitmentStub(recruitment_->channel());
    answer.status = (stub.*method)(&context, request, &answer.response);
    return answer;
  }

  template <typename Request, typename Response>
  Answer<Response> CallUgc(grpc::Status (UgcStub::*method)(grpc::ClientContext*,
                                                           const Request&,
                                                           Response*),
                           const auth::Caller& caller, const Request& request) {
    grpc::ClientContext context;
    AddBearer(context, caller);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    Answer<Response> answer;
    auto stub = UgcStub(ugc_->channel());
    answer.status = (stub.*method)(&context, request, &answer.response);
    return answer;
  }

  // A campaign of `brand_id` with `testers` registered, applied and
  // selected (all of them: slots = testers), known to dispatch. Empty
  // campaign_id on failure (the error in start_error()).
  // Calls kpi (the suite was started with `kpi`).
  template <typename Request, typename Response>
  Answer<Response> CallKpi(grpc::Status (kpi::v1::KpiService::Stub::*method)(
                               grpc::ClientContext*, const Request&, Response*),
                           const auth::Caller& caller, const Request& request) {
    grpc::ClientContext context;
    AddBearer(context, caller);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
    Answer<Response> answer;
    auto stub = kpi::v1::KpiService::Stub(kpi_->channel());
    answer.status = (stub.*method)(&context, request, &answer.response);
    return answer;
  }
  SelectedCampaign SelectCampaign(const std::string& brand_id, int testers,
                                  int post_deadline_days = 21);
  // Once ugc knows the campaign, a disclosed Instagram post by its first
  // tester at https://www.instagram.com/p/<tag>: the content id, or "" (the
  // error in start_error()). Needs the suite started with `ugc_flags`.
  std::string PostAsFirstTester(const SelectedCampaign& campaign,
                                const std::string& tag);
  // Sets the campaign's stock line `sku` to `units` (as the brand).
  bool SetStock(const SelectedCampaign& campaign, const std::string& sku,
                int64_t units);

  // Kills dispatch with SIGKILL (or stops it with SIGTERM) and starts it
  // again on the same port and files.
  // Allocates one unit of `sku` to `tester` (ops), then moves the parcel
  // through each of `statuses` as the 3PL would; "" or the failure.
  std::string Ship(const SelectedCampaign& campaign, const std::string& tester,
                   const std::string& sku,
                   const std::vector<common::v1::ShipmentStatus>& statuses);
  bool RestartDispatch(bool kill);
  // A second dispatch process on the same database, as a replica behind a
  // load balancer would be.
  bool StartDispatchReplica();
  void StopRecruitment();
  bool StartRecruitment();
  void StopDispatch();
  bool StartDispatch();
  // SIGTERM to ugc (a graceful shutdown), then a start on the same files.
  void StopUgc();
  bool StartUgc();
  // A second ugc process on the same database, on a port of its own.
  bool StartUgcReplica();
  bool StartKpi();

  // Rows of a table in dispatch's database, read beside the service.
  int64_t CountRows(const std::string& table,
                    const std::string& where = "1 = 1") const;
  // One integer from dispatch's database.
  int64_t QueryInt(const std::string& sql) const;
  // One integer from ugc's database.
  int64_t QueryUgcInt(const std::string& sql) const;

  std::shared_ptr<grpc::Channel> dispatch_channel() const {
    return dispatch_->channel();
  }
  ServiceProcess& dispatch() { return *dispatch_; }
  std::shared_ptr<grpc::Channel> ugc_channel() const { return ugc_->channel(); }
  std::shared_ptr<grpc::Channel> ugc_replica_channel() const {
    return ugc_replica_->channel();
  }
  // The channel to, and the data folder of, one of the services by name
  // ("recruitment", "dispatch", "ugc", "kpi"), for tests that treat every
  // service alike.
  std::shared_ptr<grpc::Channel> ChannelTo(const std::string& service) const;
  const std::string& DataDirOf(const std::string& service) const;

 private:
  // Starts a dispatch process into `process`: on dispatch_port_ (the one the
  // peers call), or on a port of its own.
  bool LaunchDispatch(bool on_known_port,
                      std::unique_ptr<ServiceProcess>& process);
  bool LaunchUgc(bool on_known_port, std::unique_ptr<ServiceProcess>& process);

  template <typename Request, typename Response>
  Answer<Response> CallOn(ServiceProcess& dispatch,
                          grpc::Status (DispatchStub::*method)(
                              grpc::ClientContext*, const Request&, Response*),
                          const auth::Caller& caller, const Request& request,
                          absl::Duration deadline) {
    grpc::ClientContext context;
    AddBearer(context, caller);
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    Answer<Response> answer;
    auto stub = DispatchStub(dispatch.channel());
    answer.status = (stub.*method)(&context, request, &answer.response);
    return answer;
  }

  std::string start_error_;
  std::vector<std::string> dispatch_flags_;
  std::unique_ptr<RedisServer> redis_;
  TempDir recruitment_dir_;
  TempDir dispatch_dir_;
  TempDir ugc_dir_;
  TempDir kpi_dir_;
  std::optional<std::vector<std::string>> ugc_flags_;
  int recruitment_port_ = 0;
  int dispatch_port_ = 0;
  int ugc_port_ = 0;
  int kpi_port_ = 0;
  std::unique_ptr<ServiceProcess> recruitment_;
  std::unique_ptr<ServiceProcess> dispatch_;
  std::unique_ptr<ServiceProcess> replica_;
  std::unique_ptr<ServiceProcess> ugc_;
  std::unique_ptr<ServiceProcess> ugc_replica_;
  std::unique_ptr<ServiceProcess> kpi_;
  int tag_ = 0;
};

// A SetStock request for `campaign_id`.
dispatch_v1::SetStockRequest StockRequest(const std::string& campaign_id,
                                          const std::string& sku,
                                          int64_t units);

}  // namespace nanoinfluence::testing
