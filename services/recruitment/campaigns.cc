// CreateCampaign, GetCampaign, UpdateCampaign, ListCampaigns, OpenCampaign,
// CloseCampaign, CountEligibleAmbassadors.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/tenancy.h"
#include "libs/paging/page_token.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/list_filters.h"
#include "libs/validation/timestamps.h"
#include "services/recruitment/domain/campaign_rules.h"
#include "services/recruitment/recruitment.h"

namespace nanoinfluence::recruitment {
namespace {

using google::protobuf::util::TimeUtil;
using validation::InvalidField;

void SetEligible(const EligibleCount& count, v1::Campaign* campaign) {
  campaign->set_eligible_count(count.total);
  campaign->clear_eligible_by_tier();
  for (int t = 0; t < 3; ++t) {
    v1::TierCount* tier = campaign->add_eligible_by_tier();
    tier->set_tier(static_cast<common::v1::Tier>(t + 1));
    tier->set_count(count.by_tier[t]);
  }
}

}  // namespace

absl::Status Recruitment::CreateCampaign(
    const Caller& caller, const v1::CreateCampaignRequest& request,
    v1::CreateCampaignResponse* response) {
  NANO_ASSIGN_OR_RETURN(std::string brand_id,
                        auth::BrandFor(caller, request.brand_id()));
  if (caller.SeesEveryTenant()) {
    NANO_RETURN_IF_ERROR(validation::CheckBrandId("brand_id", brand_id));
  }
  if (!request.has_campaign()) return InvalidField("campaign", "required");
  NANO_ASSIGN_OR_RETURN(v1::CampaignSpec spec,
                        CleanCampaignSpec(request.campaign(), "campaign"));
  return Write(caller, request, response,
               [&](sql::Connection& tx, AfterCommit&) {
                 const absl::Time now = absl::Now();
                 v1::Campaign campaign;
                 campaign.set_campaign_id(events::NewEventId());
                 campaign.set_brand_id(brand_id);
                 *campaign.mutable_spec() = spec;
                 campaign.set_status(v1::CAMPAIGN_STATUS_DRAFT);
                 *campaign.mutable_created_at() =
                     *campaign.mutable_updated_at() = Stamp(now);
                 NANO_RETURN_IF_ERROR(StoreCampaign(tx, campaign));
                 *response->mutable_campaign() = campaign;
                 return absl::OkStatus();
               });
}

absl::Status Recruitment::GetCampaign(const Caller& caller,
                                      const v1::GetCampaignRequest& request,
                                      v1::Campaign* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(std::optional<v1::Campaign> campaign,
                          LoadCampaign(tx, request.campaign_id()));
    if (!campaign.has_value()) {
      return auth::NotFound("campaign", request.campaign_id());
    }
    if (caller.SeesBrand(campaign->brand_id())) {
      *response = *std::move(campaign);
      return absl::OkStatus();
    }
    if (caller.role == common::v1::ROLE_AMBASSADOR) {
      NANO_ASSIGN_OR_RETURN(
          std::optional<ApplicationRow> application,
          LoadApplicationOf(tx, campaign->campaign_id(), caller.ambassador_id));
      if (application.has_value() ||
          IsOpenTo(*campaign, caller.ambassador_id)) {
        *response = AsSeenByAmbassador(*std::move(campaign));
        return absl::OkStatus();
      }
    }
    return auth::NotFound("campaign", request.campaign_id());
  });
}

bool Recruitment::IsOpenTo(const v1::Campaign& campaign,
                           const std::string& ambassador_id) const {
  if (campaign.status() != v1::CAMPAIGN_STATUS_RECRUITING) return false;
  const absl::Time now = absl::Now();
  const auto& window = campaign.spec().application_window();
  if (now < TimeOf(window.start()) || now >= TimeOf(window.end())) return false;
  const std::optional<AmbassadorFacts> facts = index_.Get(ambassador_id);
  return facts.has_value() && TargetingReaches(campaign, *facts);
}

absl::Status Recruitment::UpdateCampaign(
    const Caller& caller, const v1::UpdateCampaignRequest& request,
    v1::UpdateCampaignResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  if (request.update_mask().paths().empty()) {
    return InvalidField("update_mask", "required: name the fields to change");
  }
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit&) {
        NANO_ASSIGN_OR_RETURN(
            v1::Campaign campaign,
            LoadOwnedCampaign(tx, caller, request.campaign_id()));
        NANO_ASSIGN_OR_RETURN(v1::CampaignSpec updated,
                              ApplySpecUpdate(campaign, request.campaign(),
                                              request.update_mask()));
        NANO_ASSIGN_OR_RETURN(*campaign.mutable_spec(),
                              CleanCampaignSpec(updated, "campaign"));
        *campaign.mutable_updated_at() = Stamp(absl::Now());
        NANO_RETURN_IF_ERROR(StoreCampaign(tx, campaign));
        *response->mutable_campaign() = campaign;
        return absl::OkStatus();
      });
}

absl::Status Recruitment::ListCampaigns(const Caller& caller,
                                        const v1::ListCampaignsRequest& request,
                                        v1::ListCampaignsResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  sql::Conditions where;
  std::string brand_id = request.brand_id();
  if (caller.role == common::v1::ROLE_BRAND) {
    NANO_ASSIGN_OR_RETURN(brand_id, auth::BrandFor(caller, request.brand_id()));
  } else if (!brand_id.empty()) {
    NANO_RETURN_IF_ERROR(validation::CheckBrandId("brand_id", brand_id));
  }
  if (!brand_id.empty()) where.Add("brand_id = ?", {brand_id});
  NANO_ASSIGN_OR_RETURN(auto statuses,
                        validation::EnumValues<v1::CampaignStatus>(
                            "statuses", request.statuses(), 4));
  where.AddIn("status", statuses);
  NANO_ASSIGN_OR_RETURN(auto universes,
                        validation::EnumValues<common::v1::Universe>(
                            "universes", request.universes(), 16));
  where.AddIn("universe", universes);
  if (!request.product_sku().empty()) {
    if (request.product_sku().size() > 64) {
      return InvalidField("product_sku", "at most 64 characters");
    }
    where.Add("product_sku = ?", {request.product_sku()});
  }
  if (!page.after.empty()) {
    NANO_ASSIGN_OR_RETURN(auto cursor, paging::TimeCursor::Parse(page.after));
    where.AddAfter("created_at", "campaign_id", cursor.time, cursor.id,
                   /*descending=*/true);
  }
  where.AddParam(static_cast<int64_t>(page.size + 1));
  const std::string sql = absl::StrCat(
      "SELECT ", kCampaignColumns, " FROM campaigns WHERE ", where.sql(),
      " ORDER BY created_at DESC, campaign_id DESC LIMIT ?");
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(sql::ResultSet rows, tx.Query(sql, where.params()));
    for (size_t i = 0; i < rows.rows.size() && i < size_t(page.size); ++i) {
      v1::Campaign* campaign = response->add_campaigns();
      *campaign = CampaignFromRow(rows.rows[i]);
      NANO_RETURN_IF_ERROR(FillCounters(tx, campaign));
    }
    if (rows.rows.size() > size_t(page.size)) {
      const v1::Campaign& last = response->campaigns(page.size - 1);
      response->mutable_page()->set_next_page_token(
          page.NextToken(paging::TimeCursor{
              TimeUtil::TimestampToMicroseconds(last.created_at()),
              last.campaign_id()}
                             .Format()));
    }
    return absl::OkStatus();
  });
}

absl::Status Recruitment::OpenCampaign(const Caller& caller,
                                       const v1::OpenCampaignRequest& request,
                                       v1::OpenCampaignResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit&) {
        NANO_ASSIGN_OR_RETURN(
            v1::Campaign campaign,
            LoadOwnedCampaign(tx, caller, request.campaign_id()));
        if (campaign.status() != v1::CAMPAIGN_STATUS_DRAFT) {
          return absl::FailedPreconditionError(absl::StrCat(
              "campaign_id: only a DRAFT campaign opens; this one is ",
              v1::CampaignStatus_Name(campaign.status())));
        }
        const absl::Time now = absl::Now();
        if (TimeOf(campaign.spec().application_window().end()) <= now) {
          return absl::FailedPreconditionError(
              "campaign.application_window.end: the window has already ended; "
              "move it later first");
        }
        const EligibleCount eligible = index_.Count(
            CompiledTargeting::From(campaign.spec().targeting()),
            validation::TodayKey(), /*exclude_active_testers=*/false);
        SetEligible(eligible, &campaign);
        campaign.set_status(v1::CAMPAIGN_STATUS_RECRUITING);
        *campaign.mutable_opened_at() = *campaign.mutable_updated_at() =
            Stamp(now);
        NANO_RETURN_IF_ERROR(StoreCampaign(tx, campaign));
        common::v1::Event event;
        auto* opened = event.mutable_campaign_opened();
        opened->set_campaign_id(campaign.campaign_id());
        opened->set_brand_id(campaign.brand_id());
        opened->set_sku(campaign.spec().product_sku());
        opened->set_slots(campaign.spec().slots());
        opened->set_eligible_count(eligible.total);
        opened->set_eligible_nano(eligible.by_tier[0]);
        opened->set_eligible_micro(eligible.by_tier[1]);
        opened->set_eligible_macro(eligible.by_tier[2]);
        opened->set_campaign_name(campaign.spec().name());
        opened->set_brand_name(campaign.spec().brand_name());
        opened->set_product_name(campaign.spec().product_name());
        NANO_RETURN_IF_ERROR(
            Emit(tx, "campaign", campaign.campaign_id(), std::move(event)));
        *response->mutable_campaign() = campaign;
        return absl::OkStatus();
      });
}

absl::Status Recruitment::CloseCampaign(const Caller& caller,
                                        const v1::CloseCampaignRequest& request,
                                        v1::CloseCampaignResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        NANO_ASSIGN_OR_RETURN(
            v1::Campaign campaign,
            LoadOwnedCampaign(tx, caller, request.campaign_id()));
        if (campaign.status() != v1::CAMPAIGN_STATUS_RECRUITING &&
            campaign.status() != v1::CAMPAIGN_STATUS_SELECTION_DONE) {
          return absl::FailedPreconditionError(
              absl::StrCat("campaign_id: only a RECRUITING or SELECTION_DONE "
                           "campaign closes; "
                           "this one is ",
                           v1::CampaignStatus_Name(campaign.status())));
        }
        const absl::Time now = absl::Now();
        // Pending applications become NOT_SELECTED and invitations EXPIRED by
        // the campaign's status alone (the applications_now view).
        // Selected testers who will never get a sample are free for another
        // test (the active_tests view); those with a sample go on until
        // dispatch closes their test.
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet unshipped,
            tx.Query(
                "SELECT ambassador_id FROM selections WHERE campaign_id = ? "
                "AND sample_allocated = 0",
                {campaign.campaign_id()}));
        for (const sql::Row& tester : unshipped.rows) {
          NoteActiveTest(tx, tester.Text(0), false);
        }
        campaign.set_status(v1::CAMPAIGN_STATUS_CLOSED);
        *campaign.mutable_closed_at() = *campaign.mutable_updated_at() =
            Stamp(now);
        NANO_RETURN_IF_ERROR(StoreCampaign(tx, campaign));
        NANO_RETURN_IF_ERROR(FillCounters(tx, &campaign));
        common::v1::Event event;
        event.mutable_campaign_closed()->set_campaign_id(
            campaign.campaign_id());
        event.mutable_campaign_closed()->set_brand_id(campaign.brand_id());
        NANO_RETURN_IF_ERROR(
            Emit(tx, "campaign", campaign.campaign_id(), std::move(event)));
        *response->mutable_campaign() = campaign;
        return absl::OkStatus();
      });
}

absl::Status Recruitment::CountEligibleAmbassadors(
    const Caller& caller, const v1::CountEligibleAmbassadorsRequest& request,
    v1::CountEligibleAmbassadorsResponse* response) {
  v1::Targeting targeting;
  switch (request.source_case()) {
    case v1::CountEligibleAmbassadorsRequest::kTargeting:
      NANO_RETURN_IF_ERROR(CheckTargeting(request.targeting(), "targeting"));
      targeting = request.targeting();
      break;
    case v1::CountEligibleAmbassadorsRequest::kCampaignId:
      NANO_RETURN_IF_ERROR(
          db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
            NANO_ASSIGN_OR_RETURN(
                v1::Campaign campaign,
                LoadOwnedCampaign(tx, caller, request.campaign_id()));
            targeting = campaign.spec().targeting();
            return absl::OkStatus();
          }));
      break;
    default:
      return InvalidField("source", "required: a targeting or a campaign_id");
  }
  const EligibleCount count =
      index_.Count(CompiledTargeting::From(targeting), validation::TodayKey(),
                   request.exclude_active_testers());
  response->set_total(count.total);
  for (int t = 0; t < 3; ++t) {
    v1::TierCount* tier = response->add_by_tier();
    tier->set_tier(static_cast<common::v1::Tier>(t + 1));
    tier->set_count(count.by_tier[t]);
  }
  return absl::OkStatus();
}

}  // namespace nanoinfluence::recruitment
