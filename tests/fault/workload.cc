#include "tests/fault/workload.h"

#include <functional>
#include <memory>
#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/client_context.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/dispatch/dispatch_suite.h"
#include "tests/harness/test_tokens.h"
#include "tests/recruitment/recruitment_client.h"

namespace nanoinfluence::testing {

using KpiStub = kpi::v1::KpiService::Stub;
using RelayWait = std::function<bool(const grpc::Status&)>;

namespace {

// Testers per campaign: small, so a thread runs many campaigns.
constexpr int kTesters = 3;
// A write still not acknowledged after this long fails the test.
constexpr absl::Duration kGiveUpAfter = absl::Seconds(90);
constexpr size_t kMaxExamples = 12;

// CANCELLED: the client here never cancels; gRPC answers it for a call
// queued in a server that shuts down before a handler took it
// (grpc/grpc#41785), where UNAVAILABLE is what it means.
bool IsTransient(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::CANCELLED ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::ABORTED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

RelayWait While(grpc::StatusCode code) {
  return [code](const grpc::Status& status) {
    return status.error_code() == code;
  };
}

}  // namespace

bool NamesTheDisk(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE &&
         (absl::StrContains(status.error_message(), "disk I/O error") ||
          absl::StrContains(status.error_message(), "disk is full"));
}

std::string CallStats::Summary() const {
  std::vector<std::string> parts;
  for (const auto& [code, count] : by_code) {
    parts.push_back(absl::StrCat(code, "=", count));
  }
  std::vector<std::string> messages;
  for (const auto& [code, message] : last_message) {
    messages.push_back(absl::StrCat(code, ": ", message.substr(0, 120)));
  }
  return absl::StrCat(
      "calls=", calls, " by code {", absl::StrJoin(parts, " "),
      "} cycles=", cycles, " replays=", replays,
      " replay_mismatches=", replay_mismatches, " unexpected=", unexpected,
      " abandoned=", abandoned, " disk_errors=", disk_errors,
      " longest_ms=", absl::ToInt64Milliseconds(longest),
      " worst_overrun_ms=", absl::ToInt64Milliseconds(worst_overrun),
      " last messages {", absl::StrJoin(messages, " | "), "}");
}

// One client thread's campaigns.
class CampaignDriver {
 public:
  CampaignDriver(Workload& workload, int thread)
      : workload_(workload),
        thread_(thread),
        random_(20261127 + thread),
        recruitment_(recruitment_v1::RecruitmentService::NewStub(
            workload.suite_.Channel("recruitment"))),
        dispatch_(dispatch_v1::DispatchService::NewStub(
            workload.suite_.Channel("dispatch"))),
        ugc_(ugc_v1::UgcService::NewStub(workload.suite_.Channel("ugc"))),
        kpi_(kpi::v1::KpiService::NewStub(workload.suite_.Channel("kpi"))) {}

  // One campaign end to end; stops early (after an acknowledged write)
  // when the workload stops.
  void RunCycle();

 private:
  bool stopping() const { return workload_.stop_; }

  template <typename Stub, typename Request, typename Response>
  grpc::Status Once(const std::string& rpc, Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*),
                    const auth::Caller& caller, const Request& request,
                    Response* response) {
    const absl::Time due =
        workload_.schedule_ != nullptr
            ? workload_.schedule_->WaitForSlot(workload_.stop_)
            : absl::Now();
    grpc::ClientContext context;
    AddBearer(context, caller);
    const absl::Time start = absl::Now();
    context.set_deadline(absl::ToChronoTime(start + Workload::kDeadline));
    const grpc::Status status = (stub.*method)(&context, request, response);
    const absl::Time end = absl::Now();
    const absl::Duration elapsed = end - start;
    workload_.calls_.Record(rpc, status.error_code(), due, start, end);
    absl::MutexLock lock(&workload_.mu_);
    CallStats& stats = workload_.stats_;
    ++stats.calls;
    ++stats.by_code[status.error_code()];
    if (!status.ok()) {
      stats.last_message[status.error_code()] = status.error_message();
      if (NamesTheDisk(status)) ++stats.disk_errors;
    }
    stats.longest = std::max(stats.longest, elapsed);
    stats.worst_overrun =
        std::max(stats.worst_overrun, elapsed - Workload::kDeadline);
    return status;
  }

  void Note(int64_t CallStats::*counter, const std::string& example) {
    absl::MutexLock lock(&workload_.mu_);
    ++(workload_.stats_.*counter);
    if (workload_.stats_.examples.size() < kMaxExamples) {
      workload_.stats_.examples.push_back(example);
    }
  }

  // Sends `request` until it is acknowledged (true), retrying with the
  // same request_id; false after an answer no fault explains.
  template <typename Stub, typename Request, typename Response>
  bool Write(const std::string& rpc, Stub& stub,
             grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                          Response*),
             const auth::Caller& caller, const Request& request,
             Response* response, const RelayWait& relay_wait = nullptr) {
    const absl::Time give_up = absl::Now() + kGiveUpAfter;
    absl::Duration backoff = absl::Milliseconds(20);
    while (true) {
      response->Clear();
      const grpc::Status status =
          Once(rpc, stub, method, caller, request, response);
      if (status.ok()) break;
      const bool retry = IsTransient(status.error_code()) ||
                         (relay_wait && relay_wait(status));
      if (!retry || absl::Now() > give_up) {
        Note(retry ? &CallStats::abandoned : &CallStats::unexpected,
             absl::StrCat(rpc, ": ", status.error_code(), " ",
                          status.error_message()));
        return false;
      }
      absl::SleepFor(backoff);
      backoff = std::min(backoff * 2, absl::Milliseconds(400));
    }
    if (std::uniform_int_distribution<int>(0, 2)(random_) == 0) {
      Response again;
      const grpc::Status status =
          Once(rpc, stub, method, caller, request, &again);
      absl::MutexLock lock(&workload_.mu_);
      ++workload_.stats_.replays;
      // A transient failure of the replay says nothing about idempotency.
      if (!IsTransient(status.error_code()) &&
          !(status.ok() && google::protobuf::util::MessageDifferencer::Equals(
                               *response, again))) {
        ++workload_.stats_.replay_mismatches;
        if (workload_.stats_.examples.size() < kMaxExamples) {
          workload_.stats_.examples.push_back(absl::StrCat(
              rpc, " replay: ", status.error_code(), " ",
              status.error_message(), " first: ", response->ShortDebugString(),
              " again: ", again.ShortDebugString()));
        }
      }
    }
    return true;
  }

  template <typename F>
  void Ack(F&& change) {
    absl::MutexLock lock(&workload_.mu_);
    change(workload_.acknowledged_);
  }

  Workload& workload_;
  const int thread_;
  std::mt19937 random_;
  std::unique_ptr<RecruitmentStub> recruitment_;
  std::unique_ptr<DispatchStub> dispatch_;
  std::unique_ptr<UgcStub> ugc_;
  std::unique_ptr<KpiStub> kpi_;
  int cycle_ = 0;
};

void CampaignDriver::RunCycle() {
  ++cycle_;
  const std::string brand = absl::StrCat("fault-brand-", thread_);
  const auth::Caller as_brand = BrandCaller(brand);

  recruitment_v1::CreateCampaignRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_campaign() = ValidCampaignSpec(kTesters);
  recruitment_v1::CreateCampaignResponse created;
  if (!Write("CreateCampaign", *recruitment_, &RecruitmentStub::CreateCampaign,
             as_brand, create, &created)) {
    return;
  }
  const std::string campaign = created.campaign().campaign_id();
  Ack([&](Acknowledged& a) { a.campaigns[campaign].brand_id = brand; });
  if (stopping()) return;

  recruitment_v1::OpenCampaignRequest open;
  open.set_request_id(NewRequestId());
  open.set_campaign_id(campaign);
  recruitment_v1::OpenCampaignResponse opened;
  if (!Write("OpenCampaign", *recruitment_, &RecruitmentStub::OpenCampaign,
             as_brand, open, &opened)) {
    return;
  }

  for (int i = 0; i < kTesters && !stopping(); ++i) {
    recruitment_v1::RegisterAmbassadorResponse registered;
    if (!Write("RegisterAmbassador", *recruitment_,
               &RecruitmentStub::RegisterAmbassador, OpsCaller(),
               RegisterRequest(
                   ValidProfile(absl::StrCat("f", thread_, "c", cycle_, "t", i,
                                             "-", campaign.substr(0, 8)))),
               &registered)) {
      return;
    }
    const std::string ambassador = registered.ambassador().ambassador_id();
    Ack([&](Acknowledged& a) { a.ambassadors.push_back(ambassador); });
    recruitment_v1::ApplyToCampaignRequest apply;
    apply.set_request_id(NewRequestId());
    apply.set_campaign_id(campaign);
    recruitment_v1::ApplyToCampaignResponse applied;
    if (!Write("ApplyToCampaign", *recruitment_,
               &RecruitmentStub::ApplyToCampaign, AmbassadorCaller(ambassador),
               apply, &applied)) {
      return;
    }
    Ack([&](Acknowledged& a) {
      a.applications.push_back(applied.application().application_id());
      ++a.campaigns[campaign].applications;
    });
  }
  if (stopping()) return;

  recruitment_v1::SelectTestersRequest select;
  select.set_request_id(NewRequestId());
  select.set_campaign_id(campaign);
  select.set_seed(7);
  recruitment_v1::SelectTestersResponse selected;
  if (!Write("SelectTesters", *recruitment_, &RecruitmentStub::SelectTesters,
             as_brand, select, &selected)) {
    return;
  }
  std::vector<std::string> testers;
  for (const auto& a : selected.selected())
    testers.push_back(a.ambassador_id());
  Ack([&](Acknowledged& a) {
    a.campaigns[campaign].selected = static_cast<int64_t>(testers.size());
  });
  if (stopping()) return;

  // Dispatch hears of the campaign from recruitment's relay.
  dispatch_v1::SetStockRequest stock = StockRequest(campaign, "OAT", kTesters);
  dispatch_v1::SetStockResponse stocked;
  if (!Write("SetStock", *dispatch_, &DispatchStub::SetStock, as_brand, stock,
             &stocked, While(grpc::StatusCode::NOT_FOUND))) {
    return;
  }
  Ack([&](Acknowledged& a) { a.campaigns[campaign].stock_set = kTesters; });

  std::vector<std::pair<std::string, std::string>> shipments;
  for (const std::string& tester : testers) {
    if (stopping()) return;
    dispatch_v1::AllocateSampleRequest allocate;
    allocate.set_request_id(NewRequestId());
    allocate.set_campaign_id(campaign);
    allocate.set_ambassador_id(tester);
    allocate.set_sku("OAT");
    dispatch_v1::AllocateSampleResponse allocated;
    if (!Write("AllocateSample", *dispatch_, &DispatchStub::AllocateSample,
               as_brand, allocate, &allocated)) {
      return;
    }
    const std::string shipment = allocated.shipment().shipment_id();
    shipments.push_back({shipment, tester});
    Ack([&](Acknowledged& a) {
      a.shipments.push_back(shipment);
      a.shipment_status[shipment] = common::v1::SHIPMENT_STATUS_ALLOCATED;
      ++a.campaigns[campaign].allocations;
    });
  }

  for (const auto& [shipment_id, tester] : shipments) {
    // A named copy: clang 14 cannot capture a structured binding.
    const std::string& shipment = shipment_id;
    for (auto status : {common::v1::SHIPMENT_STATUS_SHIPPED,
                        common::v1::SHIPMENT_STATUS_DELIVERED}) {
      if (stopping()) return;
      dispatch_v1::UpdateShipmentStatusRequest move;
      move.set_request_id(NewRequestId());
      move.set_shipment_id(shipment);
      move.set_status(status);
      move.set_carrier("colissimo");
      move.set_tracking_number(absl::StrCat("T-", tester.substr(0, 8)));
      dispatch_v1::UpdateShipmentStatusResponse moved;
      if (!Write("UpdateShipmentStatus", *dispatch_,
                 &DispatchStub::UpdateShipmentStatus, ServiceCaller("3pl"),
                 move, &moved)) {
        return;
      }
      Ack([&](Acknowledged& a) {
        a.shipment_status[shipment] = status;
        auto& line = a.campaigns[campaign];
        ++(status == common::v1::SHIPMENT_STATUS_SHIPPED ? line.shipped
                                                         : line.delivered);
      });
    }
  }

  for (const std::string& tester : testers) {
    if (stopping()) return;
    ugc_v1::SubmitContentRequest post;
    post.set_request_id(NewRequestId());
    post.set_kind(common::v1::CONTENT_KIND_SOCIAL_POST);
    post.set_campaign_id(campaign);
    post.set_social_network(common::v1::SOCIAL_NETWORK_INSTAGRAM);
    post.set_body(absl::StrCat("Breakfast sorted with the new bar, day ",
                               cycle_, " #ad"));
    post.set_public_url(
        absl::StrCat("https://www.instagram.com/p/", tester.substr(0, 12)));
    post.set_disclosure(true);
    ugc_v1::SubmitContentResponse submitted;
    // Ugc hears of the campaign from recruitment's relay.
    if (!Write("SubmitContent", *ugc_, &UgcStub::SubmitContent,
               AmbassadorCaller(tester), post, &submitted,
               While(grpc::StatusCode::NOT_FOUND))) {
      return;
    }
    Ack([&](Acknowledged& a) {
      a.contents.push_back(submitted.content().content_id());
      ++a.campaigns[campaign].contents;
    });
  }

  // A report read: kpi may not have heard of the campaign yet.
  kpi::v1::GetCampaignReportRequest report;
  report.set_campaign_id(campaign);
  kpi::v1::CampaignReport answer;
  const grpc::Status read =
      Once("GetCampaignReport", *kpi_, &KpiStub::GetCampaignReport, as_brand,
           report, &answer);
  if (!read.ok() && !IsTransient(read.error_code()) &&
      read.error_code() != grpc::StatusCode::NOT_FOUND) {
    Note(&CallStats::unexpected,
         absl::StrCat("GetCampaignReport: ", read.error_code(), " ",
                      read.error_message()));
  }
  absl::MutexLock lock(&workload_.mu_);
  ++workload_.stats_.cycles;
}

Workload::Workload(FaultSuite& suite, int threads)
    : Workload(suite, WorkloadOptions{.threads = threads}) {}

Workload::Workload(FaultSuite& suite, const WorkloadOptions& options)
    : suite_(suite) {
  if (options.offered_per_s > 0) {
    schedule_ =
        std::make_unique<CallSchedule>(options.offered_per_s, absl::Now());
  }
  for (int i = 0; i < options.threads; ++i) {
    threads_.emplace_back([this, i] { Run(i); });
  }
}

Workload::~Workload() { Stop(); }

void Workload::Stop() {
  stop_ = true;
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

void Workload::Run(int thread) {
  CampaignDriver driver(*this, thread);
  while (!stop_) driver.RunCycle();
}

Acknowledged Workload::acknowledged() const {
  absl::MutexLock lock(&mu_);
  return acknowledged_;
}

CallStats Workload::stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

}  // namespace nanoinfluence::testing
