// AllocateSamples, AllocateSample: exactly-once allocation of samples to
// selected testers. Recruitment and the tier cache are asked first, outside
// any transaction; the allocation itself is one transaction with its
// idempotency record, so a retry after any failure either replays the
// answer or starts from a state with nothing of the failed attempt.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/tenancy.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "services/dispatch/dispatch.h"

namespace nanoinfluence::dispatch {
namespace {

using validation::InvalidField;

absl::StatusOr<int> QuantityOf(absl::string_view field, int32_t quantity) {
  if (quantity < 0 || quantity > 10) return InvalidField(field, "0..10");
  return quantity == 0 ? 1 : quantity;
}

absl::Status OutOfStock(const v1::Stock& line, int quantity) {
  return absl::FailedPreconditionError(
      absl::StrCat("sku: out of stock (", line.units_available(),
                   " available, ", quantity, " needed)"));
}

bool Complete(const common::v1::PostalAddress& a) {
  return !a.recipient_name().empty() && !a.line1().empty() &&
         !a.postal_code().empty() && !a.city().empty() &&
         !a.country_code().empty();
}

// Why `tester` cannot be served at all, whatever the stock.
std::optional<v1::UnservedReason> Unshippable(
    const SelectedTester& tester, const CampaignSelection& selection) {
  if (!tester.address.has_value() || !Complete(*tester.address)) {
    return v1::UNSERVED_REASON_NO_SHIPPING_ADDRESS;
  }
  const auto& countries = selection.ship_to_country_codes;
  if (!countries.empty() &&
      std::find(countries.begin(), countries.end(),
                tester.address->country_code()) == countries.end()) {
    return v1::UNSERVED_REASON_ADDRESS_NOT_SHIPPABLE;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<bool> Dispatch::AnsweredOrVisible(
    const Caller& caller, const google::protobuf::Message& request,
    const std::string& campaign_id, google::protobuf::Message* response,
    CampaignCheck check) {
  bool answered = false;
  NANO_RETURN_IF_ERROR(
      db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
        NANO_ASSIGN_OR_RETURN(answered,
                              writer_.Answered(tx, caller, request, response));
        if (answered) return absl::OkStatus();
        NANO_ASSIGN_OR_RETURN(const CampaignRow campaign,
                              LoadVisibleCampaign(tx, caller, campaign_id));
        return check(tx, campaign);
      }));
  return answered;
}

absl::Status Dispatch::AllocateSamples(
    const Caller& caller, const v1::AllocateSamplesRequest& request,
    v1::AllocateSamplesResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_RETURN_IF_ERROR(CheckSku("sku", request.sku()));
  NANO_ASSIGN_OR_RETURN(
      const int quantity,
      QuantityOf("quantity_per_tester", request.quantity_per_tester()));
  NANO_ASSIGN_OR_RETURN(
      bool answered,
      AnsweredOrVisible(caller, request, request.campaign_id(), response));
  if (answered) return absl::OkStatus();
  NANO_ASSIGN_OR_RETURN(const CampaignSelection selection,
                        testers_.List(request.campaign_id(), ""));
  std::vector<std::string> ids;
  for (const SelectedTester& tester : selection.testers) {
    ids.push_back(tester.ambassador_id);
  }
  const absl::flat_hash_map<std::string, common::v1::Tier> tiers =
      tiers_.Tiers(ids);
  const auto tier_of = [&](const SelectedTester& tester) {
    const auto it = tiers.find(tester.ambassador_id);
    return it == tiers.end() ? tester.tier : it->second;
  };
  return Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(
            auto campaign_and_line,
            LoadOpenLine(tx, caller, request.campaign_id(), request.sku()));
        auto& [campaign, line] = campaign_and_line;
        NANO_ASSIGN_OR_RETURN(const v1::AllocationPolicy policy,
                              LoadPolicy(tx, campaign));
        response->set_campaign_id(campaign.campaign_id);
        response->set_sku(request.sku());
        // Who is served, in order; who is not, and why.
        std::vector<TesterToServe> queue;
        absl::flat_hash_map<std::string, const SelectedTester*> by_id;
        for (const SelectedTester& tester : selection.testers) {
          NANO_ASSIGN_OR_RETURN(
              std::optional<ShipmentRow> existing,
              LoadShipmentOf(tx, campaign.campaign_id, tester.ambassador_id));
          if (existing.has_value()) {
            v1::AlreadyAllocated* already = response->add_already_allocated();
            already->set_ambassador_id(tester.ambassador_id);
            already->set_shipment_id(existing->shipment.shipment_id());
            already->set_status(existing->shipment.status());
            continue;
          }
          if (const auto reason = Unshippable(tester, selection)) {
            v1::UnservedTester* unserved = response->add_unserved();
            unserved->set_ambassador_id(tester.ambassador_id);
            unserved->set_tier(tier_of(tester));
            unserved->set_selection_rank(tester.rank);
            unserved->set_reason(*reason);
            continue;
          }
          queue.push_back({tester.ambassador_id, tester.rank, tier_of(tester)});
          by_id[tester.ambassador_id] = &tester;
        }
        std::vector<common::v1::Tier> priority;
        for (int tier : policy.tier_priority()) {
          priority.push_back(static_cast<common::v1::Tier>(tier));
        }
        SortForServing(priority, queue);
        const absl::Time now = absl::Now();
        int64_t short_testers = 0;
        for (const TesterToServe& next : queue) {
          v1::Shipment shipment;
          NANO_ASSIGN_OR_RETURN(
              bool allocated,
              AllocateOne(tx, campaign, *by_id[next.ambassador_id], next.tier,
                          quantity, selection.post_deadline_days, now, line,
                          &shipment));
          if (allocated) {
            *response->add_allocated() = AsSeenBy(caller, std::move(shipment));
            continue;
          }
          ++short_testers;
          v1::UnservedTester* unserved = response->add_unserved();
          unserved->set_ambassador_id(next.ambassador_id);
          unserved->set_tier(next.tier);
          unserved->set_selection_rank(next.rank);
          unserved->set_reason(v1::UNSERVED_REASON_OUT_OF_STOCK);
        }
        response->set_allocated_count(response->allocated_size());
        response->set_already_allocated_count(
            response->already_allocated_size());
        response->set_unserved_count(response->unserved_size());
        response->set_shortfall_units(short_testers * quantity);
        *response->mutable_stock() = std::move(line);
        return absl::OkStatus();
      });
}

absl::Status Dispatch::AllocateSample(const Caller& caller,
                                      const v1::AllocateSampleRequest& request,
                                      v1::AllocateSampleResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("ambassador_id", request.ambassador_id()));
  NANO_RETURN_IF_ERROR(CheckSku("sku", request.sku()));
  NANO_ASSIGN_OR_RETURN(const int quantity,
                        QuantityOf("quantity", request.quantity()));
  // A line already short answers before recruitment is asked, so a rush of
  // claims on a sold-out line costs a read each. A tester who holds a
  // shipment still gets it back, as below.
  const auto sold_out = [&](sql::Connection& tx, const CampaignRow& campaign) {
    NANO_ASSIGN_OR_RETURN(std::optional<v1::Stock> line,
                          LoadStock(tx, campaign.campaign_id, request.sku()));
    if (!line.has_value() || line->units_available() >= quantity) {
      return absl::OkStatus();
    }
    NANO_ASSIGN_OR_RETURN(
        std::optional<ShipmentRow> existing,
        LoadShipmentOf(tx, campaign.campaign_id, request.ambassador_id()));
    return existing.has_value() ? absl::OkStatus()
                                : OutOfStock(*line, quantity);
  };
  NANO_ASSIGN_OR_RETURN(
      bool answered, AnsweredOrVisible(caller, request, request.campaign_id(),
                                       response, sold_out));
  if (answered) return absl::OkStatus();
  NANO_ASSIGN_OR_RETURN(
      const CampaignSelection selection,
      testers_.List(request.campaign_id(), request.ambassador_id()));
  if (selection.testers.empty()) {
    return absl::FailedPreconditionError(
        "ambassador_id: not a selected tester of the campaign");
  }
  const SelectedTester& tester = selection.testers.front();
  const auto tiers = tiers_.Tiers({tester.ambassador_id});
  const common::v1::Tier tier = tiers.contains(tester.ambassador_id)
                                    ? tiers.at(tester.ambassador_id)
                                    : tester.tier;
  return Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string* data_subject) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(
            auto campaign_and_line,
            LoadOpenLine(tx, caller, request.campaign_id(), request.sku()));
        auto& [campaign, line] = campaign_and_line;
        *data_subject = tester.ambassador_id;  // the answer holds the address
        NANO_ASSIGN_OR_RETURN(
            std::optional<ShipmentRow> existing,
            LoadShipmentOf(tx, campaign.campaign_id, tester.ambassador_id));
        if (existing.has_value()) {
          response->set_already_allocated(true);
          *response->mutable_shipment() = AsSeenBy(caller, existing->shipment);
          *response->mutable_stock() = std::move(line);
          return absl::OkStatus();
        }
        if (const auto reason = Unshippable(tester, selection)) {
          return absl::FailedPreconditionError(
              *reason == v1::UNSERVED_REASON_NO_SHIPPING_ADDRESS
                  ? "ambassador_id: the tester has no complete shipping address"
                  : "ambassador_id: the tester's address is in a country the "
                    "campaign does not ship to");
        }
        NANO_ASSIGN_OR_RETURN(
            bool allocated,
            AllocateOne(tx, campaign, tester, tier, quantity,
                        selection.post_deadline_days, absl::Now(), line,
                        response->mutable_shipment()));
        if (!allocated) return OutOfStock(line, quantity);
        *response->mutable_shipment() =
            AsSeenBy(caller, std::move(*response->mutable_shipment()));
        *response->mutable_stock() = std::move(line);
        return absl::OkStatus();
      });
}

}  // namespace nanoinfluence::dispatch
