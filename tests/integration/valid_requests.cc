#include "tests/integration/valid_requests.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "libs/events/outbox.h"
#include "tests/harness/test_tokens.h"
#include "tests/recruitment/recruitment_client.h"

namespace nanoinfluence::testing {
namespace {

// Who calls: ops where the policy allows it (it may name any tenant), else
// the role the method is for.
enum class Who {
  kOps,
  kBrand,
  kFirstTester,
  kSecondTester,
  kRecruitment,
  kDispatch
};

struct Base {
  Who who;
  std::string text;
};

// An event of `producer` in a batch of its own; the ids are fresh, so what a
// subscriber accepts touches no object the other cases use.
std::string Batch(const std::string& producer, const std::string& type,
                  const std::string& payload) {
  return absl::StrCat(
      "producer: '", producer,
      "' events { event_id: '{E1}' type: ", "'nanoinfluence.common.v1.", type,
      "' aggregate_type: 'campaign' aggregate_id: '{E2}' occurred_at { "
      "seconds: "
      "{NOW} } producer: '",
      producer, "' sequence: 1 ", payload, " }");
}

const std::map<std::string, Base>& Bases() {
  static const auto* bases = new std::map<std::string, Base>{
      // recruitment
      {"RecruitmentService.RegisterAmbassador", {Who::kOps, "{REGISTER}"}},
      {"RecruitmentService.GetAmbassador", {Who::kOps, "ambassador_id: '{A}'"}},
      {"RecruitmentService.UpdateAmbassador",
       {Who::kOps,
        "request_id: '{RID}' ambassador_id: '{A}' update_mask { paths: "
        "'profile.display_name' } profile { display_name: 'Renamed' }"}},
      {"RecruitmentService.LinkSocialAccount",
       {Who::kOps,
        "request_id: '{RID}' ambassador_id: '{A}' account { network: "
        "SOCIAL_NETWORK_INSTAGRAM handle: 'h{U}' followers: 10 }"}},
      {"RecruitmentService.UpdateSocialAccount",
       {Who::kOps,
        "request_id: '{RID}' social_account_id: '{S}' update_mask { paths: "
        "'followers' } account { followers: 20 }"}},
      {"RecruitmentService.UnlinkSocialAccount",
       {Who::kOps, "request_id: '{RID}' social_account_id: '{S2}'"}},
      {"RecruitmentService.GetTier", {Who::kOps, "ambassador_id: '{A}'"}},
      {"RecruitmentService.BatchGetTiers",
       {Who::kOps, "ambassador_ids: '{A}'"}},
      {"RecruitmentService.ListAmbassadors",
       {Who::kOps, "page { page_size: 5 }"}},
      {"RecruitmentService.EraseAmbassador",
       {Who::kOps, "request_id: '{RID}' ambassador_id: '{V}'"}},
      {"RecruitmentService.ExportAmbassadorData",
       {Who::kOps, "ambassador_id: '{A}'"}},
      {"RecruitmentService.CreateCampaign",
       {Who::kOps, "request_id: '{RID}' brand_id: '{B}' campaign { {SPEC} }"}},
      {"RecruitmentService.GetCampaign", {Who::kOps, "campaign_id: '{C}'"}},
      {"RecruitmentService.UpdateCampaign",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{D}' update_mask { paths: 'name' } "
        "campaign { name: 'Renamed' }"}},
      {"RecruitmentService.ListCampaigns",
       {Who::kOps, "brand_id: '{B}' page { page_size: 5 }"}},
      {"RecruitmentService.OpenCampaign",
       {Who::kOps, "request_id: '{RID}' campaign_id: '{D}'"}},
      {"RecruitmentService.CloseCampaign",
       {Who::kOps, "request_id: '{RID}' campaign_id: '{X}'"}},
      {"RecruitmentService.CountEligibleAmbassadors",
       {Who::kOps, "campaign_id: '{C}'"}},
      {"RecruitmentService.ListOpenCampaigns",
       {Who::kOps, "ambassador_id: '{A}'"}},
      {"RecruitmentService.ApplyToCampaign",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{O}' ambassador_id: '{A}' "
        "motivation: 'I eat oats every morning.'"}},
      {"RecruitmentService.WithdrawApplication",
       {Who::kOps, "request_id: '{RID}' application_id: '{WAP}'"}},
      {"RecruitmentService.ListApplications",
       {Who::kOps, "campaign_id: '{C}'"}},
      {"RecruitmentService.InviteAmbassadors",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{O}' ambassador_ids: '{A}'"}},
      {"RecruitmentService.SelectTesters",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{O}' seed: 7 dry_run: true"}},
      {"RecruitmentService.OverrideSelection",
       {Who::kOps,
        "request_id: '{RID}' application_id: '{AP}' decision: "
        "SELECTION_DECISION_ACCEPT note: 'Keep'"}},
      {"RecruitmentService.ListSelectedTesters",
       {Who::kOps, "campaign_id: '{C}'"}},
      {"RecruitmentService.IngestEvents",
       {Who::kDispatch,
        Batch("dispatch", "SampleAllocated",
              "sample_allocated { shipment_id: '{E3}' campaign_id: '{E4}' "
              "brand_id: '{B}' ambassador_id: '{E5}' sku: 'OAT' quantity: 1 "
              "tier: TIER_NANO }")}},
      // dispatch
      {"DispatchService.SetStock",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{C}' sku: 'OAT' units_on_hand: 50 "
        "variant_label: 'Oat'"}},
      {"DispatchService.AdjustStock",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{C}' sku: 'OAT' reason: "
        "STOCK_ADJUSTMENT_REASON_RESTOCK quantity: 1 note: 'Found a box'"}},
      {"DispatchService.GetStock",
       {Who::kOps, "campaign_id: '{C}' sku: 'OAT'"}},
      {"DispatchService.ListStock",
       {Who::kOps, "campaign_id: '{C}' page { page_size: 5 }"}},
      {"DispatchService.SetAllocationPolicy",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{C}' tier_priority: TIER_NANO "
        "tier_priority: TIER_MICRO"}},
      {"DispatchService.GetAllocationPolicy",
       {Who::kOps, "campaign_id: '{C}'"}},
      {"DispatchService.AllocateSamples",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{C}' sku: 'OAT' "
        "quantity_per_tester: 1"}},
      {"DispatchService.AllocateSample",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{C}' ambassador_id: '{T1}' sku: "
        "'OAT' quantity: 1"}},
      {"DispatchService.GetShipment", {Who::kOps, "shipment_id: '{SH}'"}},
      {"DispatchService.ListShipments",
       {Who::kOps, "campaign_id: '{C}' page { page_size: 5 }"}},
      {"DispatchService.ListMyShipments",
       {Who::kFirstTester, "page { page_size: 5 }"}},
      {"DispatchService.ExportFulfilment", {Who::kOps, "campaign_id: '{C}'"}},
      {"DispatchService.UpdateShipmentStatus",
       {Who::kOps,
        "request_id: '{RID}' shipment_id: '{SH}' status: "
        "SHIPMENT_STATUS_DELIVERED carrier: 'colissimo' tracking_number: "
        "'T-MATRIX-1'"}},
      {"DispatchService.ImportTrackingUpdates",
       {Who::kOps,
        "request_id: '{RID}' updates { shipment_id: '{SH}' carrier: "
        "'colissimo' status: SHIPMENT_STATUS_DELIVERED }"}},
      {"DispatchService.GetProofOfReceipt",
       {Who::kOps, "campaign_id: '{C}' ambassador_id: '{T0}'"}},
      {"DispatchService.ListReminders", {Who::kOps, "campaign_id: '{C}'"}},
      {"DispatchService.CloseExpiredTests",
       {Who::kOps, "request_id: '{RID}' campaign_id: '{C}' limit: 10"}},
      {"DispatchService.IngestEvents",
       {Who::kRecruitment,
        Batch("recruitment", "CampaignOpened",
              "campaign_opened { campaign_id: '{E3}' brand_id: '{B}' sku: "
              "'OAT' slots: 5 campaign_name: 'M' brand_name: 'Co' "
              "product_name: 'Bar' }")}},
      // ugc
      {"UgcService.SubmitContent",
       {Who::kSecondTester,
        "request_id: '{RID}' kind: CONTENT_KIND_REVIEW campaign_id: '{C}' "
        "rating: 4 title: 'Good bars' platform: PLATFORM_RETAILER_SITE "
        "disclosure: true body: 'Crunchy, not too sweet, my children took "
        "them to school all week. {U}'"}},
      {"UgcService.GetContent", {Who::kOps, "content_id: '{CT}'"}},
      {"UgcService.ListContent",
       {Who::kOps, "campaign_id: '{C}' page { page_size: 5 }"}},
      {"UgcService.ModerateContent",
       {Who::kOps,
        "request_id: '{RID}' content_id: '{CT}' decision: "
        "MODERATION_DECISION_APPROVE note: 'Fine'"}},
      {"UgcService.ReportContent",
       {Who::kBrand,
        "request_id: '{RID}' content_id: '{CT}' reason: "
        "MODERATION_REASON_OFF_TOPIC note: 'Not about the bar'"}},
      {"UgcService.ReplyToContent",
       {Who::kBrand,
        "request_id: '{RID}' content_id: '{CT}' body: 'Thank you!'"}},
      {"UgcService.UpdateEngagement",
       {Who::kOps,
        "request_id: '{RID}' content_id: '{CT}' likes: 3 views: 10 "
        "measured_at { seconds: {NOW} }"}},
      {"UgcService.WatchCampaignContent",
       {Who::kOps, "campaign_id: '{C}' since { seconds: {HOUR_AGO} }"}},
      {"UgcService.StreamSyndicationFeed",
       {Who::kOps, "sku: 'OAT-BAR-40G' brand_id: '{B}' max_items: 10"}},
      {"UgcService.IngestEvents",
       {Who::kRecruitment,
        Batch("recruitment", "CampaignOpened",
              "campaign_opened { campaign_id: '{E3}' brand_id: '{B}' sku: "
              "'OAT' slots: 5 campaign_name: 'M' brand_name: 'Co' "
              "product_name: 'Bar' }")}},
      // kpi
      {"KpiService.IngestEvents",
       {Who::kRecruitment,
        Batch("recruitment", "CampaignOpened",
              "campaign_opened { campaign_id: '{E3}' brand_id: '{B}' sku: "
              "'OAT' slots: 5 campaign_name: 'M' brand_name: 'Co' "
              "product_name: 'Bar' }")}},
      {"KpiService.GetCampaignReport", {Who::kOps, "campaign_id: '{C}'"}},
      {"KpiService.GetMetricTimeSeries",
       {Who::kOps,
        "campaign_id: '{C}' metric: METRIC_VIEWS days { first_day { year: "
        "2026 month: 1 day: 1 } last_day { year: 2026 month: 1 day: 31 } }"}},
      {"KpiService.GetBrandOverview",
       {Who::kOps, "brand_id: '{B}' page { page_size: 5 }"}},
      {"KpiService.CreateUpliftStudy",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{C}' name: 'North' before { "
        "first_day { year: 2026 month: 1 day: 1 } last_day { year: 2026 "
        "month: 1 day: 31 } } during { first_day { year: 2026 month: 2 day: "
        "1 } last_day { year: 2026 month: 2 day: 28 } }"}},
      {"KpiService.RecordStoreSales",
       {Who::kOps,
        "request_id: '{RID}' study_id: '{ST}' sales { store_id: 's-1' area: "
        "STORE_AREA_EXPOSED period: SALES_PERIOD_BEFORE units_sold: 10 }"}},
      {"KpiService.GetUpliftResult", {Who::kOps, "study_id: '{ST}'"}},
      {"KpiService.ListUpliftStudies",
       {Who::kOps, "brand_id: '{B}' page { page_size: 5 }"}},
      {"KpiService.ExportReport",
       {Who::kOps, "campaign_id: '{C}' format: EXPORT_FORMAT_CSV"}},
      {"KpiService.WatchCampaignReport", {Who::kOps, "campaign_id: '{C}'"}},
      {"KpiService.Recount",
       {Who::kOps,
        "request_id: '{RID}' campaign_id: '{C}' source: "
        "RECOUNT_SOURCE_EVENT_LOG compare_only: true"}},
  };
  return *bases;
}

std::string TextOf(const google::protobuf::Message& message) {
  std::string text;
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.PrintToString(message, &text);
  return text;
}

auth::Caller CallerFor(Who who, const std::map<std::string, std::string>& ids,
                       const std::string& unique) {
  // A subject of its own per case: per-caller limits (writes, open
  // streams) never decide an answer.
  const std::string subject = absl::StrCat("matrix-", unique);
  switch (who) {
    case Who::kOps:
      return OpsCaller(subject);
    case Who::kBrand:
      return BrandCaller(ids.at("{B}"), subject);
    case Who::kFirstTester:
      return AmbassadorCaller(ids.at("{T0}"));
    case Who::kSecondTester:
      return AmbassadorCaller(ids.at("{T1}"));
    case Who::kRecruitment:
      return ServiceCaller("recruitment");
    case Who::kDispatch:
      return ServiceCaller("dispatch");
  }
  return OpsCaller(subject);
}

}  // namespace

std::optional<ValidRequest> ValidRequestFor(
    const std::string& full_name, const std::map<std::string, std::string>& ids,
    const std::string& unique) {
  // "nanoinfluence.kpi.v1.KpiService.GetCampaignReport" -> the last two.
  const size_t method_dot = full_name.rfind('.');
  const size_t service_dot = full_name.rfind('.', method_dot - 1);
  const auto base = Bases().find(full_name.substr(service_dot + 1));
  if (method_dot == std::string::npos || service_dot == std::string::npos ||
      base == Bases().end()) {
    return std::nullopt;
  }
  int64_t now = 0;
  (void)absl::SimpleAtoi(ids.at("{NOW}"), &now);
  recruitment_v1::RegisterAmbassadorRequest registration =
      RegisterRequest(ValidProfile(absl::StrCat("m", unique)));
  registration.set_request_id("{RID}");
  std::map<std::string, std::string> replacements = ids;
  replacements["{REGISTER}"] = TextOf(registration);
  replacements["{SPEC}"] = TextOf(ValidCampaignSpec());
  replacements["{HOUR_AGO}"] = absl::StrCat(now - 3600);
  // Expanded texts hold placeholders of their own: replace twice.
  std::string text = absl::StrReplaceAll(base->second.text, replacements);
  replacements = {{"{RID}", absl::StrCat("matrix-", unique)}, {"{U}", unique}};
  for (const char* fresh : {"{E1}", "{E2}", "{E3}", "{E4}", "{E5}"}) {
    replacements[fresh] = events::NewEventId();
  }
  text = absl::StrReplaceAll(text, replacements);
  return ValidRequest{std::move(text),
                      CallerFor(base->second.who, ids, unique)};
}

std::unique_ptr<google::protobuf::Message> ParsedValidRequest(
    const google::protobuf::MethodDescriptor& method,
    const std::map<std::string, std::string>& ids, const std::string& unique,
    auth::Caller* caller) {
  std::optional<ValidRequest> base =
      ValidRequestFor(method.full_name(), ids, unique);
  EXPECT_TRUE(base.has_value())
      << method.full_name()
      << " has no valid request in tests/integration/valid_requests.cc";
  if (!base.has_value()) return nullptr;
  std::unique_ptr<google::protobuf::Message> request(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(method.input_type())
          ->New());
  const bool parsed =
      google::protobuf::TextFormat::ParseFromString(base->text, request.get());
  EXPECT_TRUE(parsed) << method.full_name() << ": " << base->text;
  if (!parsed) return nullptr;
  *caller = base->caller;
  return request;
}

}  // namespace nanoinfluence::testing
