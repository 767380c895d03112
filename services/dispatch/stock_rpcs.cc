// SetStock, AdjustStock, GetStock, ListStock, SetAllocationPolicy,
// GetAllocationPolicy.
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/tenancy.h"
#include "libs/paging/page_token.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/dispatch/dispatch.h"

namespace nanoinfluence::dispatch {
namespace {

using validation::InvalidField;

absl::Status CheckUnits(absl::string_view field, int64_t units, int64_t min) {
  if (units < min || units > kMaxUnits) {
    return InvalidField(field, absl::StrCat(min, "..", kMaxUnits));
  }
  return absl::OkStatus();
}

absl::Status RecordMovement(sql::Connection& tx, const v1::Stock& line,
                            int64_t reason, int64_t delta,
                            const std::string& note, const Caller& caller,
                            absl::Time now) {
  sql::Value note_value = sql::kNull;
  if (!note.empty()) note_value = note;
  return tx
      .Execute(
          "INSERT INTO stock_movements (campaign_id, sku, reason, delta, "
          "note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {line.campaign_id(), line.sku(), reason, delta, note_value,
           caller.subject, absl::ToUnixMicros(now)})
      .status();
}

}  // namespace

absl::Status Dispatch::SetStock(const Caller& caller,
                                const v1::SetStockRequest& request,
                                v1::SetStockResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_RETURN_IF_ERROR(CheckSku("sku", request.sku()));
  NANO_RETURN_IF_ERROR(CheckUnits("units_on_hand", request.units_on_hand(), 0));
  NANO_ASSIGN_OR_RETURN(
      const std::string label,
      validation::CleanText("variant_label", request.variant_label(),
                            {0, 100}));
  if (request.expected_version() < 0) {
    return InvalidField("expected_version", "0 or a version");
  }
  return Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(
            CampaignRow campaign,
            LoadOpenCampaign(tx, caller, request.campaign_id()));
        const absl::Time now = absl::Now();
        NANO_ASSIGN_OR_RETURN(
            std::optional<v1::Stock> found,
            LoadStock(tx, campaign.campaign_id, request.sku()));
        v1::Stock line;
        if (found.has_value()) {
          line = *std::move(found);
        } else {
          line.set_campaign_id(campaign.campaign_id);
          line.set_brand_id(campaign.brand_id);
          line.set_sku(request.sku());
          *line.mutable_create_time() = Stamp(now);
        }
        if (request.expected_version() != 0 &&
            request.expected_version() != line.version()) {
          return absl::AbortedError(
              absl::StrCat("expected_version: the line is at version ",
                           line.version(), "; read it again"));
        }
        NANO_ASSIGN_OR_RETURN(StockDelta delta,
                              SetStockDelta(line, request.units_on_hand()));
        NANO_RETURN_IF_ERROR(ApplyDelta(delta, &line));
        if (!label.empty()) line.set_variant_label(label);
        *line.mutable_update_time() = Stamp(now);
        NANO_RETURN_IF_ERROR(StoreStock(tx, line));
        if (delta.available != 0) {
          NANO_RETURN_IF_ERROR(
              RecordMovement(tx, line, 0, delta.available, "", caller, now));
        }
        *response->mutable_stock() = line;
        return absl::OkStatus();
      });
}

absl::Status Dispatch::AdjustStock(const Caller& caller,
                                   const v1::AdjustStockRequest& request,
                                   v1::AdjustStockResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_RETURN_IF_ERROR(CheckSku("sku", request.sku()));
  NANO_RETURN_IF_ERROR(validation::CheckEnum("reason", request.reason()));
  NANO_RETURN_IF_ERROR(CheckUnits("quantity", request.quantity(), 1));
  const bool note_required =
      request.reason() == v1::STOCK_ADJUSTMENT_REASON_WRITE_OFF_OTHER;
  NANO_ASSIGN_OR_RETURN(const std::string note,
                        validation::CleanText("note", request.note(),
                                              {note_required ? 1 : 0, 500}));
  return Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(
            CampaignRow campaign,
            LoadVisibleCampaign(tx, caller, request.campaign_id()));
        // A closed campaign takes no new units; write-offs still count.
        if (campaign.closed &&
            request.reason() == v1::STOCK_ADJUSTMENT_REASON_RESTOCK) {
          return absl::FailedPreconditionError(
              "campaign_id: the campaign is closed");
        }
        NANO_ASSIGN_OR_RETURN(v1::Stock line,
                              LoadLine(tx, campaign, request.sku()));
        NANO_ASSIGN_OR_RETURN(
            StockDelta delta,
            AdjustStockDelta(line, request.reason(), request.quantity()));
        NANO_RETURN_IF_ERROR(ApplyDelta(delta, &line));
        const absl::Time now = absl::Now();
        *line.mutable_update_time() = Stamp(now);
        NANO_RETURN_IF_ERROR(StoreStock(tx, line));
        NANO_RETURN_IF_ERROR(RecordMovement(
            tx, line, request.reason(), delta.available, note, caller, now));
        *response->mutable_stock() = std::move(line);
        return absl::OkStatus();
      });
}

absl::Status Dispatch::GetStock(const Caller& caller,
                                const v1::GetStockRequest& request,
                                v1::Stock* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_RETURN_IF_ERROR(CheckSku("sku", request.sku()));
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(
        CampaignRow campaign,
        LoadVisibleCampaign(tx, caller, request.campaign_id()));
    NANO_ASSIGN_OR_RETURN(*response, LoadLine(tx, campaign, request.sku()));
    return absl::OkStatus();
  });
}

absl::Status Dispatch::ListStock(const Caller& caller,
                                 const v1::ListStockRequest& request,
                                 v1::ListStockResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(
        CampaignRow campaign,
        LoadVisibleCampaign(tx, caller, request.campaign_id()));
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet rows,
        tx.Query(absl::StrCat("SELECT ", kStockColumns,
                              " FROM stock WHERE campaign_id = ? AND sku > ? "
                              "ORDER BY sku LIMIT ?"),
                 {campaign.campaign_id, page.after,
                  static_cast<int64_t>(page.size + 1)}));
    for (size_t i = 0; i < rows.rows.size() && i < size_t(page.size); ++i) {
      *response->add_stocks() = StockFromRow(rows.rows[i]);
    }
    if (rows.rows.size() > size_t(page.size)) {
      response->mutable_page()->set_next_page_token(
          page.NextToken(response->stocks(page.size - 1).sku()));
    }
    return absl::OkStatus();
  });
}

absl::Status Dispatch::SetAllocationPolicy(
    const Caller& caller, const v1::SetAllocationPolicyRequest& request,
    v1::SetAllocationPolicyResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  if (request.tier_priority_size() > 3) {
    return InvalidField("tier_priority", "at most 3 tiers");
  }
  absl::flat_hash_set<int> seen;
  for (int i = 0; i < request.tier_priority_size(); ++i) {
    const std::string field = validation::Indexed("tier_priority", i);
    NANO_RETURN_IF_ERROR(
        validation::CheckEnum(field, request.tier_priority(i)));
    if (!seen.insert(request.tier_priority(i)).second) {
      return InvalidField(field, "listed twice");
    }
  }
  return Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(
            CampaignRow campaign,
            LoadVisibleCampaign(tx, caller, request.campaign_id()));
        const absl::Time now = absl::Now();
        NANO_RETURN_IF_ERROR(
            tx.Execute(
                  "INSERT INTO allocation_policies (campaign_id, "
                  "tier_priority, updated_at) VALUES (?, ?, ?) ON CONFLICT "
                  "(campaign_id) DO UPDATE SET tier_priority = "
                  "excluded.tier_priority, updated_at = excluded.updated_at",
                  {campaign.campaign_id,
                   absl::StrJoin(request.tier_priority(), ","),
                   absl::ToUnixMicros(now)})
                .status());
        v1::AllocationPolicy* policy = response->mutable_policy();
        policy->set_campaign_id(campaign.campaign_id);
        policy->set_brand_id(campaign.brand_id);
        *policy->mutable_tier_priority() = request.tier_priority();
        *policy->mutable_update_time() = Stamp(now);
        return absl::OkStatus();
      });
}

absl::Status Dispatch::GetAllocationPolicy(
    const Caller& caller, const v1::GetAllocationPolicyRequest& request,
    v1::AllocationPolicy* response) {
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(
        CampaignRow campaign,
        LoadVisibleCampaign(tx, caller, request.campaign_id()));
    NANO_ASSIGN_OR_RETURN(*response, LoadPolicy(tx, campaign));
    return absl::OkStatus();
  });
}

}  // namespace nanoinfluence::dispatch
