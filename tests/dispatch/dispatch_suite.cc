#include "tests/dispatch/dispatch_suite.h"

#include <signal.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tests/harness/eventually.h"
#include "tests/harness/free_port.h"
#include "tests/harness/test_database.h"

namespace nanoinfluence::testing {
namespace {

// High write limits: the tests drive hundreds of writes per caller.
const std::vector<std::string> kNoRateLimit = {
    "--write_rate_per_second=1000000", "--write_burst=1000000"};

}  // namespace

DispatchSuite::DispatchSuite(std::vector<std::string> dispatch_flags,
                             std::optional<std::vector<std::string>> ugc_flags,
                             bool kpi)
    : dispatch_flags_(std::move(dispatch_flags)),
      ugc_flags_(std::move(ugc_flags)) {
  auto redis = RedisServer::Start();
  auto recruitment_port = PickFreePort();
  auto dispatch_port = PickFreePort();
  auto ugc_port = PickFreePort();
  auto kpi_port = PickFreePort();
  if (!redis.ok() || !recruitment_port.ok() || !dispatch_port.ok() ||
      !ugc_port.ok() || !kpi_port.ok()) {
    start_error_ = "redis or free ports unavailable";
    return;
  }
  redis_ = *std::move(redis);
  recruitment_port_ = *recruitment_port;
  dispatch_port_ = *dispatch_port;
  ugc_port_ = *ugc_port;
  kpi_port_ = *kpi_port;
  if (kpi && !StartKpi()) return;
  if (!StartRecruitment() || !StartDispatch()) return;
  if (ugc_flags_.has_value() && !StartUgc()) return;
}

DispatchSuite::~DispatchSuite() {
  if (ugc_replica_ != nullptr) ugc_replica_->Stop();
  if (ugc_ != nullptr) ugc_->Stop();
  if (replica_ != nullptr) replica_->Stop();
  if (kpi_ != nullptr) kpi_->Stop();
  if (dispatch_ != nullptr) dispatch_->Stop();
  if (recruitment_ != nullptr) recruitment_->Stop();
}

bool DispatchSuite::StartRecruitment() {
  std::vector<std::string> flags = {
      absl::StrCat("--listen=127.0.0.1:", recruitment_port_),
      absl::StrCat("--redis=127.0.0.1:", redis_->port()),
      absl::StrCat("--peers=dispatch=127.0.0.1:", dispatch_port_,
                   ",ugc=127.0.0.1:", ugc_port_, ",kpi=127.0.0.1:", kpi_port_)};
  flags.insert(flags.end(), kNoRateLimit.begin(), kNoRateLimit.end());
  auto process =
      ServiceProcess::Start("recruitment", recruitment_dir_.path(), flags);
  if (!process.ok()) {
    start_error_ = process.status().ToString();
    return false;
  }
  recruitment_ = *std::move(process);
  return true;
}

void DispatchSuite::StopRecruitment() {
  recruitment_->Stop();
  recruitment_.reset();
}

bool DispatchSuite::StartDispatch() { return LaunchDispatch(true, dispatch_); }

bool DispatchSuite::StartDispatchReplica() {
  // Peers call the first one; clients either. Same data dir, so the same
  // database.
  return LaunchDispatch(false, replica_);
}

bool DispatchSuite::LaunchDispatch(bool on_known_port,
                                   std::unique_ptr<ServiceProcess>& process) {
  std::vector<std::string> flags = {
      absl::StrCat("--redis=127.0.0.1:", redis_->port()),
      absl::StrCat("--peers=recruitment=127.0.0.1:", recruitment_port_,
                   ",ugc=127.0.0.1:", ugc_port_, ",kpi=127.0.0.1:", kpi_port_)};
  if (on_known_port) {
    flags.push_back(absl::StrCat("--listen=127.0.0.1:", dispatch_port_));
  }
  flags.insert(flags.end(), kNoRateLimit.begin(), kNoRateLimit.end());
  flags.insert(flags.end(), dispatch_flags_.begin(), dispatch_flags_.end());
  auto started = ServiceProcess::Start("dispatch", dispatch_dir_.path(), flags);
  if (!started.ok()) {
    start_error_ = started.status().ToString();
    return false;
  }
  process = *std::move(started);
  return true;
}

void DispatchSuite::StopDispatch() {
  dispatch_->Stop();
  dispatch_.reset();
}

void DispatchSuite::StopUgc() {
  ugc_->Stop();
  ugc_.reset();
}

bool DispatchSuite::StartUgc() { return LaunchUgc(true, ugc_); }

bool DispatchSuite::StartUgcReplica() { return LaunchUgc(false, ugc_replica_); }

bool DispatchSuite::LaunchUgc(bool on_known_port,
                              std::unique_ptr<ServiceProcess>& process) {
  std::vector<std::string> flags = {
      absl::StrCat("--redis=127.0.0.1:", redis_->port()),
      absl::StrCat("--peers=recruitment=127.0.0.1:", recruitment_port_,
                   ",dispatch=127.0.0.1:", dispatch_port_,
                   ",kpi=127.0.0.1:", kpi_port_)};
  flags.insert(flags.end(), kNoRateLimit.begin(), kNoRateLimit.end());
  if (on_known_port) {
    flags.push_back(absl::StrCat("--listen=127.0.0.1:", ugc_port_));
  }
  flags.insert(flags.end(), ugc_flags_->begin(), ugc_flags_->end());
  auto started = ServiceProcess::Start("ugc", ugc_dir_.path(), flags);
  if (!started.ok()) {
    start_error_ = started.status().ToString();
    return false;
  }
  process = *std::move(started);
  return true;
}

bool DispatchSuite::StartKpi() {
  std::vector<std::string> flags = {
      absl::StrCat("--listen=127.0.0.1:", kpi_port_)};
  flags.insert(flags.end(), kNoRateLimit.begin(), kNoRateLimit.end());
  auto process = ServiceProcess::Start("kpi", kpi_dir_.path(), flags);
  if (!process.ok()) {
    start_error_ = process.status().ToString();
    return false;
  }
  kpi_ = *std::move(process);
  return true;
}

bool DispatchSuite::RestartDispatch(bool kill) {
  if (kill) {
    dispatch_->process().Signal(SIGKILL);
    dispatch_->process().Wait();
  } else {
    dispatch_->Stop();
  }
  dispatch_.reset();
  return StartDispatch();
}

SelectedCampaign DispatchSuite::SelectCampaign(const std::string& brand_id,
                                               int testers,
                                               int post_deadline_days) {
  SelectedCampaign campaign;
  campaign.brand_id = brand_id;
  recruitment_v1::CampaignSpec spec = ValidCampaignSpec(testers);
  spec.set_post_deadline_days(post_deadline_days);
  recruitment_v1::CreateCampaignRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_campaign() = spec;
  auto created = CallRecruitment(&RecruitmentStub::CreateCampaign,
                                 BrandCaller(brand_id), create);
  recruitment_v1::OpenCampaignRequest open;
  open.set_request_id(NewRequestId());
  open.set_campaign_id(created.response.campaign().campaign_id());
  auto opened = CallRecruitment(&RecruitmentStub::OpenCampaign,
                                BrandCaller(brand_id), open);
  if (!opened.ok()) {
    start_error_ = absl::StrCat("open: ", opened.message());
    return campaign;
  }
  const std::string id = opened.response.campaign().campaign_id();
  for (int i = 0; i < testers; ++i) {
    auto registered = CallRecruitment(
        &RecruitmentStub::RegisterAmbassador, OpsCaller(),
        RegisterRequest(ValidProfile(absl::StrCat("t", ++tag_, "-", id))));
    recruitment_v1::ApplyToCampaignRequest apply;
    apply.set_request_id(NewRequestId());
    apply.set_campaign_id(id);
    const std::string ambassador =
        registered.response.ambassador().ambassador_id();
    auto applied = CallRecruitment(&RecruitmentStub::ApplyToCampaign,
                                   AmbassadorCaller(ambassador), apply);
    if (!applied.ok()) {
      start_error_ = absl::StrCat("apply: ", applied.message());
      return campaign;
    }
  }
  recruitment_v1::SelectTestersRequest select;
  select.set_request_id(NewRequestId());
  select.set_campaign_id(id);
  select.set_seed(7);
  auto selected = CallRecruitment(&RecruitmentStub::SelectTesters,
                                  BrandCaller(brand_id), select);
  if (!selected.ok()) {
    start_error_ = absl::StrCat("select: ", selected.message());
    return campaign;
  }
  std::vector<const recruitment_v1::Application*> by_rank;
  for (const auto& a : selected.response.selected()) by_rank.push_back(&a);
  std::sort(by_rank.begin(), by_rank.end(),
            [](auto* a, auto* b) { return a->rank() < b->rank(); });
  for (const auto* a : by_rank) campaign.testers.push_back(a->ambassador_id());
  // Dispatch learns of the campaign from recruitment's CampaignOpened.
  dispatch_v1::ListStockRequest list;
  list.set_campaign_id(id);
  if (!Eventually([&] {
        return Call(&DispatchStub::ListStock, OpsCaller(), list).ok();
      })) {
    start_error_ = "dispatch never heard of the campaign";
    return campaign;
  }
  campaign.campaign_id = id;
  return campaign;
}

std::string DispatchSuite::PostAsFirstTester(const SelectedCampaign& campaign,
                                             const std::string& tag) {
  const std::string known =
      absl::StrCat("SELECT COUNT(*) FROM campaigns WHERE campaign_id = '",
                   campaign.campaign_id, "'");
  if (!Eventually([&] { return QueryUgcInt(known) == 1; })) {
    start_error_ = "ugc never heard of the campaign";
    return "";
  }
  ugc_v1::SubmitContentRequest post;
  post.set_request_id(NewRequestId());
  post.set_kind(common::v1::CONTENT_KIND_SOCIAL_POST);
  post.set_campaign_id(campaign.campaign_id);
  post.set_social_network(common::v1::SOCIAL_NETWORK_INSTAGRAM);
  post.set_body("Breakfast sorted #ad");
  post.set_public_url(absl::StrCat("https://www.instagram.com/p/", tag));
  post.set_disclosure(true);
  auto submitted = CallUgc(&UgcStub::SubmitContent,
                           AmbassadorCaller(campaign.testers[0]), post);
  if (!submitted.ok()) {
    start_error_ = absl::StrCat("post: ", submitted.message());
    return "";
  }
  return submitted.response.content().content_id();
}

bool DispatchSuite::SetStock(const SelectedCampaign& campaign,
                             const std::string& sku, int64_t units) {
  return Call(&DispatchStub::SetStock, BrandCaller(campaign.brand_id),
              StockRequest(campaign.campaign_id, sku, units))
      .ok();
}

std::string DispatchSuite::Ship(
    const SelectedCampaign& campaign, const std::string& tester,
    const std::string& sku,
    const std::vector<common::v1::ShipmentStatus>& statuses) {
  dispatch_v1::AllocateSampleRequest allocate;
  allocate.set_request_id(NewRequestId());
  allocate.set_campaign_id(campaign.campaign_id);
  allocate.set_ambassador_id(tester);
  allocate.set_sku(sku);
  auto allocated = Call(&DispatchStub::AllocateSample, OpsCaller(), allocate);
  if (!allocated.ok()) return absl::StrCat("allocate: ", allocated.message());
  for (auto status : statuses) {
    dispatch_v1::UpdateShipmentStatusRequest move;
    move.set_request_id(NewRequestId());
    move.set_shipment_id(allocated.response.shipment().shipment_id());
    move.set_status(status);
    move.set_carrier("colissimo");
    move.set_tracking_number(absl::StrCat("T-", tester));
    auto moved =
        Call(&DispatchStub::UpdateShipmentStatus, ServiceCaller("3pl"), move);
    if (!moved.ok()) return absl::StrCat("move: ", moved.message());
  }
  return "";
}

int64_t DispatchSuite::QueryInt(const std::string& sql) const {
  return QueryTestDatabase(dispatch_dir_.path(), "dispatch", sql);
}

int64_t DispatchSuite::QueryUgcInt(const std::string& sql) const {
  return QueryTestDatabase(ugc_dir_.path(), "ugc", sql);
}

std::shared_ptr<grpc::Channel> DispatchSuite::ChannelTo(
    const std::string& service) const {
  if (service == "recruitment") return recruitment_->channel();
  if (service == "dispatch") return dispatch_->channel();
  if (service == "ugc") return ugc_->channel();
  return kpi_->channel();
}

const std::string& DispatchSuite::DataDirOf(const std::string& service) const {
  if (service == "recruitment") return recruitment_dir_.path();
  if (service == "dispatch") return dispatch_dir_.path();
  if (service == "ugc") return ugc_dir_.path();
  return kpi_dir_.path();
}

int64_t DispatchSuite::CountRows(const std::string& table,
                                 const std::string& where) const {
  return QueryInt(
      absl::StrCat("SELECT COUNT(*) FROM ", table, " WHERE ", where));
}

dispatch_v1::SetStockRequest StockRequest(const std::string& campaign_id,
                                          const std::string& sku,
                                          int64_t units) {
  dispatch_v1::SetStockRequest request;
  request.set_request_id(NewRequestId());
  request.set_campaign_id(campaign_id);
  request.set_sku(sku);
  request.set_units_on_hand(units);
  return request;
}

}  // namespace nanoinfluence::testing
