#include "tests/integration/matrix_world.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/events/outbox.h"
#include "libs/suite/event_routes.h"
#include "tests/harness/eventually.h"
#include "tests/harness/outbox_delivered.h"
#include "tests/harness/service_process.h"
#include "tests/harness/test_database.h"

namespace nanoinfluence::testing {
namespace {

namespace kpi_v1 = ::nanoinfluence::kpi::v1;

common::v1::Date Day(int month, int day) {
  common::v1::Date date;
  date.set_year(2026);
  date.set_month(month);
  date.set_day(day);
  return date;
}

}  // namespace

MatrixWorld::MatrixWorld() : suite_({}, std::vector<std::string>{}, true) {
  if (!suite_.ok()) {
    error_ = suite_.start_error();
    return;
  }
  ids_["{NOW}"] = absl::StrCat(absl::ToUnixSeconds(absl::Now()));
  BuildDispatchAndUgc();
  if (ok()) BuildRecruitment();
  if (ok()) BuildKpi();
  // No event still on its way may change a database a case is judged on.
  if (ok() && !WaitUntilEventsDelivered()) error_ = "events never delivered";
}

const google::protobuf::ServiceDescriptor* MatrixWorld::Service(
    const std::string& name) {
  return google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      ServiceFullName(name));
}

std::string MatrixWorld::Register(const std::string& tag) {
  auto registered =
      suite_.CallRecruitment(&RecruitmentStub::RegisterAmbassador, OpsCaller(),
                             RegisterRequest(ValidProfile(tag)));
  if (!registered.ok())
    error_ = absl::StrCat("register: ", registered.message());
  return registered.response.ambassador().ambassador_id();
}

std::string MatrixWorld::LinkAccount(const std::string& ambassador,
                                     common::v1::SocialNetwork network) {
  recruitment_v1::LinkSocialAccountRequest link;
  link.set_request_id(NewRequestId());
  link.set_ambassador_id(ambassador);
  link.mutable_account()->set_network(network);
  link.mutable_account()->set_handle("matrix_channel");
  auto linked = suite_.CallRecruitment(&RecruitmentStub::LinkSocialAccount,
                                       OpsCaller(), link);
  if (!linked.ok()) error_ = absl::StrCat("link: ", linked.message());
  return linked.response.account().social_account_id();
}

std::string MatrixWorld::CreateCampaign(bool open) {
  recruitment_v1::CreateCampaignRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_campaign() = ValidCampaignSpec();
  auto created = suite_.CallRecruitment(&RecruitmentStub::CreateCampaign,
                                        BrandCaller(ids_["{B}"]), create);
  if (!created.ok()) error_ = absl::StrCat("create: ", created.message());
  const std::string id = created.response.campaign().campaign_id();
  if (!open || !ok()) return id;
  recruitment_v1::OpenCampaignRequest request;
  request.set_request_id(NewRequestId());
  request.set_campaign_id(id);
  auto opened = suite_.CallRecruitment(&RecruitmentStub::OpenCampaign,
                                       BrandCaller(ids_["{B}"]), request);
  if (!opened.ok()) error_ = absl::StrCat("open: ", opened.message());
  return id;
}

void MatrixWorld::BuildDispatchAndUgc() {
  ids_["{B}"] = events::NewEventId();
  const SelectedCampaign c = suite_.SelectCampaign(ids_["{B}"], 3);
  if (c.campaign_id.empty() || !suite_.SetStock(c, "OAT", 50)) {
    error_ = absl::StrCat("campaign with stock: ", suite_.start_error());
    return;
  }
  ids_["{C}"] = c.campaign_id;
  for (int i = 0; i < 3; ++i) ids_[absl::StrCat("{T", i, "}")] = c.testers[i];

  dispatch_v1::AllocateSampleRequest allocate;
  allocate.set_request_id(NewRequestId());
  allocate.set_campaign_id(c.campaign_id);
  allocate.set_ambassador_id(c.testers[0]);
  allocate.set_sku("OAT");
  auto allocated =
      suite_.Call(&DispatchStub::AllocateSample, OpsCaller(), allocate);
  ids_["{SH}"] = allocated.response.shipment().shipment_id();
  for (auto status : {common::v1::SHIPMENT_STATUS_SHIPPED,
                      common::v1::SHIPMENT_STATUS_DELIVERED}) {
    dispatch_v1::UpdateShipmentStatusRequest move;
    move.set_request_id(NewRequestId());
    move.set_shipment_id(ids_["{SH}"]);
    move.set_status(status);
    move.set_carrier("colissimo");
    move.set_tracking_number("T-MATRIX-1");
    auto moved =
        suite_.Call(&DispatchStub::UpdateShipmentStatus, OpsCaller(), move);
    if (!moved.ok()) {
      error_ = absl::StrCat("shipment: ", allocated.message(), moved.message());
      return;
    }
  }

  ids_["{CT}"] = suite_.PostAsFirstTester(c, "hostile-matrix");
  if (ids_["{CT}"].empty()) error_ = suite_.start_error();
}

void MatrixWorld::BuildRecruitment() {
  ids_["{A}"] = Register("matrix-owner");
  if (ok())
    ids_["{S}"] = LinkAccount(ids_["{A}"], common::v1::SOCIAL_NETWORK_YOUTUBE);
  if (ok())
    ids_["{S2}"] = LinkAccount(ids_["{A}"], common::v1::SOCIAL_NETWORK_TIKTOK);
  if (ok()) ids_["{V}"] = Register("matrix-victim");
  if (ok()) ids_["{D}"] = CreateCampaign(false);
  if (ok()) ids_["{X}"] = CreateCampaign(true);
  if (ok()) ids_["{O}"] = CreateCampaign(true);
  if (!ok()) return;
  recruitment_v1::ApplyToCampaignRequest apply;
  apply.set_request_id(NewRequestId());
  apply.set_campaign_id(ids_["{O}"]);
  ids_["{W}"] = Register("matrix-withdrawer");
  auto applied = suite_.CallRecruitment(&RecruitmentStub::ApplyToCampaign,
                                        AmbassadorCaller(ids_["{W}"]), apply);
  if (!applied.ok()) {
    error_ = absl::StrCat("apply: ", applied.message());
    return;
  }
  ids_["{WAP}"] = applied.response.application().application_id();

  recruitment_v1::ListApplicationsRequest list;
  list.set_campaign_id(ids_["{C}"]);
  auto listed = suite_.CallRecruitment(&RecruitmentStub::ListApplications,
                                       OpsCaller(), list);
  for (const auto& application : listed.response.applications()) {
    if (application.ambassador_id() == ids_["{T2}"]) {
      ids_["{AP}"] = application.application_id();
    }
  }
  if (ids_["{AP}"].empty()) error_ = "no application of the third tester";
}

std::vector<std::string> MatrixWorld::BrandObjectIds() const {
  std::vector<std::string> ids;
  for (const char* key : {"{B}", "{C}", "{T0}", "{T1}", "{T2}", "{AP}", "{SH}",
                          "{CT}", "{D}", "{X}", "{O}", "{WAP}", "{ST}"}) {
    ids.push_back(ids_.at(key));
  }
  return ids;
}

std::vector<std::string> MatrixWorld::OtherAmbassadorsObjectIds() const {
  std::vector<std::string> ids;
  for (const char* key : {"{A}", "{S}", "{S2}", "{V}", "{W}", "{T0}", "{T2}",
                          "{AP}", "{WAP}", "{SH}", "{CT}"}) {
    ids.push_back(ids_.at(key));
  }
  return ids;
}

bool MatrixWorld::WaitUntilEventsDelivered() {
  for (const std::string producer : {"recruitment", "dispatch", "ugc"}) {
    for (const auto& [subscriber, types] : EventRoutesFrom(producer)) {
      const std::string sql = OutboxDeliveredQuery(subscriber);
      if (!Eventually([&] {
            return QueryTestDatabase(suite_.DataDirOf(producer), producer,
                                     sql) == 1;
          })) {
        return false;
      }
    }
  }
  return true;
}

void MatrixWorld::BuildKpi() {
  kpi_v1::GetCampaignReportRequest report;
  report.set_campaign_id(ids_["{C}"]);
  if (!Eventually([&] {
        return suite_
            .CallKpi(&kpi_v1::KpiService::Stub::GetCampaignReport, OpsCaller(),
                     report)
            .ok();
      })) {
    error_ = "kpi never heard of the campaign";
    return;
  }
  kpi_v1::CreateUpliftStudyRequest study;
  study.set_request_id(NewRequestId());
  study.set_campaign_id(ids_["{C}"]);
  study.set_name("Matrix");
  *study.mutable_before()->mutable_first_day() = Day(1, 1);
  *study.mutable_before()->mutable_last_day() = Day(1, 31);
  *study.mutable_during()->mutable_first_day() = Day(2, 1);
  *study.mutable_during()->mutable_last_day() = Day(2, 28);
  auto created = suite_.CallKpi(&kpi_v1::KpiService::Stub::CreateUpliftStudy,
                                OpsCaller(), study);
  if (!created.ok()) {
    error_ = absl::StrCat("study: ", created.message());
    return;
  }
  ids_["{ST}"] = created.response.study_id();
}

}  // namespace nanoinfluence::testing
