#include "services/dispatch/peers.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/status/grpc_status.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"

namespace nanoinfluence::dispatch {

namespace rv1 = recruitment::v1;

absl::StatusOr<CampaignSelection> RecruitmentSelectedTesters::List(
    const std::string& campaign_id, const std::string& ambassador_id) {
  auto stub = rv1::RecruitmentService::NewStub(recruitment_->channel());
  const absl::Time deadline = absl::Now() + deadline_;
  CampaignSelection selection;
  rv1::ListSelectedTestersRequest request;
  request.set_campaign_id(campaign_id);
  request.set_ambassador_id(ambassador_id);
  request.mutable_page()->set_page_size(1000);
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::UnavailableError(
          "recruitment: the selected testers did not arrive in time; retry "
          "with the same request_id");
    }
    auto context = recruitment_->NewCall(left);
    if (!context.ok()) return context.status();
    rv1::ListSelectedTestersResponse page;
    const grpc::Status status =
        stub->ListSelectedTesters(context->get(), request, &page);
    if (!status.ok()) {
      const absl::Status reason = FromGrpcStatus(status);
      if (absl::IsNotFound(reason) || absl::IsFailedPrecondition(reason)) {
        return reason;  // what recruitment says of the campaign
      }
      return absl::UnavailableError(
          absl::StrCat("recruitment: ListSelectedTesters failed (",
                       reason.message(), "); retry with the same request_id"));
    }
    selection.post_deadline_days = page.post_deadline_days();
    selection.ship_to_country_codes.assign(page.ship_to_country_codes().begin(),
                                           page.ship_to_country_codes().end());
    for (const rv1::SelectedTester& tester : page.testers()) {
      SelectedTester& t = selection.testers.emplace_back();
      t.ambassador_id = tester.ambassador_id();
      t.rank = tester.rank();
      t.tier = tester.tier();
      if (tester.has_shipping_address()) t.address = tester.shipping_address();
    }
    if (page.page().next_page_token().empty()) return selection;
    request.mutable_page()->set_page_token(page.page().next_page_token());
  }
}

absl::flat_hash_map<std::string, common::v1::Tier> CachedTierLookup::Tiers(
    const std::vector<std::string>& ambassador_ids) {
  absl::flat_hash_map<std::string, common::v1::Tier> tiers;
  for (size_t start = 0; start < ambassador_ids.size(); start += 1000) {
    const std::vector<std::string> batch(
        ambassador_ids.begin() + start,
        ambassador_ids.begin() +
            std::min(ambassador_ids.size(), start + size_t{1000}));
    auto records = reader_.GetMany(batch);
    if (!records.ok()) continue;  // the tiers at selection stand in
    for (const common::v1::TierRecord& record : *records) {
      tiers[record.ambassador_id()] = record.tier();
    }
  }
  return tiers;
}

}  // namespace nanoinfluence::dispatch
