// ListOpenCampaigns, ApplyToCampaign, WithdrawApplication, ListApplications,
// InviteAmbassadors.
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
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
#include "services/recruitment/recruitment.h"

namespace nanoinfluence::recruitment {
namespace {

using google::protobuf::util::TimeUtil;
using validation::InvalidField;

bool InWindow(const v1::Campaign& campaign, absl::Time now) {
  const auto& window = campaign.spec().application_window();
  return now >= TimeOf(window.start()) && now < TimeOf(window.end());
}

// Whether someone else of the household has an application in play.
absl::StatusOr<bool> HouseholdTaken(sql::Connection& tx,
                                    const std::string& campaign_id,
                                    const std::string& household_key,
                                    const std::string& ambassador_id) {
  if (household_key.empty()) return false;
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT 1 FROM applications WHERE campaign_id = ? AND "
               "household_key = ? AND ambassador_id != ? AND status = ? "
               "LIMIT 1",
               // Selected applications are stored APPLIED too.
               {campaign_id, household_key, ambassador_id,
                int64_t{v1::APPLICATION_STATUS_APPLIED}}));
  return !rows.rows.empty();
}

std::string HouseholdOf(const AmbassadorRow& row) {
  return row.profile.has_shipping_address()
             ? HouseholdKey(row.profile.shipping_address())
             : std::string();
}

}  // namespace

bool Recruitment::TargetingReaches(const v1::Campaign& campaign,
                                   AmbassadorFacts facts) const {
  // Outdated consent does not hide a campaign: the app shows it with the
  // CONSENT_OUTDATED blocker, so the person accepts the new terms.
  facts.consent_current = true;
  return Reaches(campaign, facts);
}

absl::Status Recruitment::ListOpenCampaigns(
    const Caller& caller, const v1::ListOpenCampaignsRequest& request,
    v1::ListOpenCampaignsResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  NANO_RETURN_IF_ERROR(
      validation::CheckMaxSize("universes", request.universes_size(), 16));
  absl::flat_hash_set<int> universes;
  for (int i = 0; i < request.universes_size(); ++i) {
    NANO_RETURN_IF_ERROR(validation::CheckEnum(
        validation::Indexed("universes", i),
        static_cast<common::v1::Universe>(request.universes(i))));
    universes.insert(request.universes(i));
  }
  const absl::Time now = absl::Now();
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(
        AmbassadorRow row,
        LoadVisibleAmbassador(tx, caller, request.ambassador_id()));
    const AmbassadorFacts facts = FactsOf(row);
    const std::string household = HouseholdOf(row);
    // Closing soonest first; the cursor is the last campaign shown.
    sql::Conditions where;
    where.Add("status = ?", {int64_t{v1::CAMPAIGN_STATUS_RECRUITING}});
    where.Add("window_end > ?", {absl::ToUnixMicros(now)});
    if (!page.after.empty()) {
      NANO_ASSIGN_OR_RETURN(auto cursor, paging::TimeCursor::Parse(page.after));
      where.AddAfter("window_end", "campaign_id", cursor.time, cursor.id,
                     /*descending=*/false);
    }
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet rows,
        tx.Query(
            absl::StrCat("SELECT ", kCampaignColumns, " FROM campaigns WHERE ",
                         where.sql(), " ORDER BY window_end, campaign_id"),
            where.params()));
    for (const sql::Row& campaign_row : rows.rows) {
      const v1::Campaign campaign = CampaignFromRow(campaign_row);
      if (!InWindow(campaign, now) ||
          (!universes.empty() &&
           !universes.contains(campaign.spec().universe()))) {
        continue;
      }
      NANO_ASSIGN_OR_RETURN(
          std::optional<ApplicationRow> mine,
          LoadApplicationOf(tx, campaign.campaign_id(), row.ambassador_id));
      if (!mine.has_value() && !TargetingReaches(campaign, facts)) continue;
      if (response->campaigns_size() == page.size) {
        const v1::CampaignOffer& last = response->campaigns(page.size - 1);
        response->mutable_page()->set_next_page_token(
            page.NextToken(paging::TimeCursor{
                TimeUtil::TimestampToMicroseconds(
                    last.campaign().spec().application_window().end()),
                last.campaign().campaign_id()}
                               .Format()));
        break;
      }
      v1::CampaignOffer* offer = response->add_campaigns();
      *offer->mutable_campaign() = AsSeenByAmbassador(campaign);
      if (mine.has_value())
        *offer->mutable_my_application() = mine->application;
      const bool applied =
          mine.has_value() &&
          mine->application.status() != v1::APPLICATION_STATUS_INVITED &&
          mine->application.status() != v1::APPLICATION_STATUS_WITHDRAWN;
      if (applied) offer->add_blockers(v1::APPLY_BLOCKER_ALREADY_APPLIED);
      if (facts.has_active_test &&
          row.active_test_campaign_id != campaign.campaign_id()) {
        offer->add_blockers(v1::APPLY_BLOCKER_ACTIVE_TEST);
      }
      NANO_ASSIGN_OR_RETURN(
          bool taken, HouseholdTaken(tx, campaign.campaign_id(), household,
                                     row.ambassador_id));
      if (taken) offer->add_blockers(v1::APPLY_BLOCKER_HOUSEHOLD);
      if (!facts.has_shipping_address) {
        offer->add_blockers(v1::APPLY_BLOCKER_NO_SHIPPING_ADDRESS);
      }
      if (!facts.consent_current) {
        offer->add_blockers(v1::APPLY_BLOCKER_CONSENT_OUTDATED);
      }
    }
    return absl::OkStatus();
  });
}

absl::Status Recruitment::ApplyToCampaign(
    const Caller& caller, const v1::ApplyToCampaignRequest& request,
    v1::ApplyToCampaignResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_ASSIGN_OR_RETURN(
      std::string motivation,
      validation::CleanText("motivation", request.motivation(),
                            {0, 1000, /*multiline=*/true}));
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        NANO_ASSIGN_OR_RETURN(
            AmbassadorRow row,
            LoadVisibleAmbassador(tx, caller, request.ambassador_id()));
        NANO_ASSIGN_OR_RETURN(std::optional<v1::Campaign> campaign,
                              LoadCampaign(tx, request.campaign_id()));
        NANO_ASSIGN_OR_RETURN(
            std::optional<ApplicationRow> existing,
            LoadApplicationOf(tx, request.campaign_id(), row.ambassador_id));
        const AmbassadorFacts facts = FactsOf(row);
        if (!campaign.has_value() ||
            campaign->status() == v1::CAMPAIGN_STATUS_DRAFT ||
            (!existing.has_value() && !TargetingReaches(*campaign, facts))) {
          return auth::NotFound("campaign", request.campaign_id());
        }
        const absl::Time now = absl::Now();
        if (campaign->status() != v1::CAMPAIGN_STATUS_RECRUITING ||
            !InWindow(*campaign, now)) {
          return absl::FailedPreconditionError(
              "campaign_id: the campaign does not take applications now");
        }
        if (existing.has_value() &&
            existing->application.status() != v1::APPLICATION_STATUS_INVITED &&
            existing->application.status() !=
                v1::APPLICATION_STATUS_WITHDRAWN) {
          return absl::AlreadyExistsError(absl::StrCat(
              "campaign_id: already applied (application ",
              existing->application.application_id(), ", ",
              v1::ApplicationStatus_Name(existing->application.status()), ")"));
        }
        if (facts.has_active_test) {
          return absl::FailedPreconditionError(
              "ambassador_id: holds an active test; one test at a time");
        }
        if (!facts.has_shipping_address) {
          return absl::FailedPreconditionError(
              "profile.shipping_address: required to apply");
        }
        if (!facts.consent_current) {
          return absl::FailedPreconditionError(
              "consent.terms_version: accept the current terms first");
        }
        const std::string household = HouseholdOf(row);
        NANO_ASSIGN_OR_RETURN(
            bool taken, HouseholdTaken(tx, campaign->campaign_id(), household,
                                       row.ambassador_id));
        if (taken) {
          return absl::FailedPreconditionError(
              "profile.shipping_address: someone of the household already "
              "applied; one product per household");
        }
        ApplicationRow application;
        if (existing.has_value()) {
          application = *std::move(existing);
        } else {
          v1::Application& a = application.application;
          a.set_application_id(events::NewEventId());
          a.set_campaign_id(campaign->campaign_id());
          a.set_brand_id(campaign->brand_id());
          a.set_ambassador_id(row.ambassador_id);
          *a.mutable_created_at() = Stamp(now);
        }
        v1::Application& a = application.application;
        a.set_status(v1::APPLICATION_STATUS_APPLIED);
        a.set_motivation(motivation);
        *a.mutable_applicant() = SummaryOf(row);
        *a.mutable_updated_at() = Stamp(now);
        application.household_key = household;
        application.tier = row.tier.tier();
        NANO_RETURN_IF_ERROR(StoreApplication(tx, application));
        common::v1::Event event;
        auto* submitted = event.mutable_application_submitted();
        submitted->set_campaign_id(a.campaign_id());
        submitted->set_brand_id(a.brand_id());
        submitted->set_ambassador_id(a.ambassador_id());
        submitted->set_tier(row.tier.tier());
        submitted->set_invited(a.invited());
        NANO_RETURN_IF_ERROR(
            Emit(tx, "application", a.application_id(), std::move(event)));
        after.data_subject = row.ambassador_id;
        *response->mutable_application() = a;
        return absl::OkStatus();
      });
}

absl::Status Recruitment::WithdrawApplication(
    const Caller& caller, const v1::WithdrawApplicationRequest& request,
    v1::WithdrawApplicationResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("application_id", request.application_id()));
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        NANO_ASSIGN_OR_RETURN(std::optional<ApplicationRow> application,
                              LoadApplication(tx, request.application_id()));
        if (!application.has_value() ||
            !caller.SeesAmbassador(application->application.ambassador_id())) {
          return auth::NotFound("application", request.application_id());
        }
        v1::Application& a = application->application;
        const v1::ApplicationStatus before = a.status();
        const bool was_selected = before == v1::APPLICATION_STATUS_SELECTED;
        // A tester steps back only before their sample is allocated, and
        // while the campaign is SELECTION_DONE (closed, nothing changes).
        bool selection_open = false;
        if (was_selected && !application->sample_allocated) {
          NANO_ASSIGN_OR_RETURN(std::optional<v1::Campaign> campaign,
                                LoadCampaign(tx, a.campaign_id()));
          selection_open =
              campaign.has_value() &&
              campaign->status() == v1::CAMPAIGN_STATUS_SELECTION_DONE;
        }
        if (before != v1::APPLICATION_STATUS_INVITED &&
            before != v1::APPLICATION_STATUS_APPLIED && !selection_open) {
          return absl::FailedPreconditionError(absl::StrCat(
              "application_id: cannot withdraw an application that is ",
              v1::ApplicationStatus_Name(before),
              application->sample_allocated ? " with a sample allocated" : ""));
        }
        const absl::Time now = absl::Now();
        const int rank = a.rank();
        a.set_status(v1::APPLICATION_STATUS_WITHDRAWN);
        a.set_rank(0);
        *a.mutable_updated_at() = Stamp(now);
        NANO_RETURN_IF_ERROR(StoreApplication(tx, *application));
        if (was_selected) {
          NANO_RETURN_IF_ERROR(DeleteSelection(tx, *application));
        }
        common::v1::Event event;
        auto* withdrawn = event.mutable_application_withdrawn();
        withdrawn->set_campaign_id(a.campaign_id());
        withdrawn->set_brand_id(a.brand_id());
        withdrawn->set_ambassador_id(a.ambassador_id());
        NANO_RETURN_IF_ERROR(
            Emit(tx, "application", a.application_id(), std::move(event)));
        if (was_selected) {
          NoteActiveTest(tx, a.ambassador_id(), false);
          NANO_RETURN_IF_ERROR(
              EmitSelectionChanged(tx, *application, false, rank));
        }
        after.data_subject = a.ambassador_id();
        *response->mutable_application() = a;
        return absl::OkStatus();
      });
}

absl::Status Recruitment::ListApplications(
    const Caller& caller, const v1::ListApplicationsRequest& request,
    v1::ListApplicationsResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  sql::Conditions where;
  if (!request.campaign_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("campaign_id", request.campaign_id()));
    where.Add("campaign_id = ?", {request.campaign_id()});
  }
  if (caller.role == common::v1::ROLE_BRAND) {
    if (!request.ambassador_id().empty()) {
      return absl::PermissionDeniedError(
          "ambassador_id: a brand lists the applications of its campaigns");
    }
    where.Add("brand_id = ?", {caller.brand_id});
  } else if (caller.role == common::v1::ROLE_AMBASSADOR ||
             !request.ambassador_id().empty()) {
    if (!request.ambassador_id().empty()) {
      NANO_RETURN_IF_ERROR(
          validation::CheckUuid("ambassador_id", request.ambassador_id()));
    }
    NANO_ASSIGN_OR_RETURN(std::string ambassador_id,
                          auth::AmbassadorFor(caller, request.ambassador_id()));
    where.Add("ambassador_id = ?", {ambassador_id});
  }
  NANO_ASSIGN_OR_RETURN(auto statuses,
                        validation::EnumValues<v1::ApplicationStatus>(
                            "statuses", request.statuses(), 6));
  where.AddIn("status", statuses);
  NANO_ASSIGN_OR_RETURN(auto tiers, validation::EnumValues<common::v1::Tier>(
                                        "tiers", request.tiers(), 3));
  where.AddIn("tier", tiers);
  if (!page.after.empty()) {
    NANO_ASSIGN_OR_RETURN(auto cursor, paging::TimeCursor::Parse(page.after));
    where.AddAfter("created_at", "application_id", cursor.time, cursor.id,
                   /*descending=*/false);
  }
  where.AddParam(static_cast<int64_t>(page.size + 1));
  const std::string sql =
      absl::StrCat(kSelectApplications, " WHERE ", where.sql(),
                   " ORDER BY created_at, application_id LIMIT ?");
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    if (!request.campaign_id().empty() &&
        caller.role != common::v1::ROLE_AMBASSADOR) {
      // A campaign the caller cannot see answers like a missing one.
      NANO_RETURN_IF_ERROR(LoadOwnedCampaign(tx, caller, request.campaign_id(),
                                             /*with_counters=*/false)
                               .status());
    }
    NANO_ASSIGN_OR_RETURN(sql::ResultSet rows, tx.Query(sql, where.params()));
    for (size_t i = 0; i < rows.rows.size() && i < size_t(page.size); ++i) {
      *response->add_applications() =
          ApplicationFromRow(rows.rows[i]).application;
    }
    if (rows.rows.size() > size_t(page.size)) {
      const v1::Application& last = response->applications(page.size - 1);
      response->mutable_page()->set_next_page_token(
          page.NextToken(paging::TimeCursor{
              TimeUtil::TimestampToMicroseconds(last.created_at()),
              last.application_id()}
                             .Format()));
    }
    return absl::OkStatus();
  });
}

absl::Status Recruitment::InviteAmbassadors(
    const Caller& caller, const v1::InviteAmbassadorsRequest& request,
    v1::InviteAmbassadorsResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_ASSIGN_OR_RETURN(const std::vector<std::string> distinct,
                        validation::DistinctUuids(
                            "ambassador_ids", request.ambassador_ids(), 1000));
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit&) {
        NANO_ASSIGN_OR_RETURN(
            v1::Campaign campaign,
            LoadOwnedCampaign(tx, caller, request.campaign_id()));
        if (campaign.status() != v1::CAMPAIGN_STATUS_RECRUITING) {
          return absl::FailedPreconditionError(
              "campaign_id: invitations only go out while RECRUITING");
        }
        const absl::Time now = absl::Now();
        const auto skip = [&](const std::string& id,
                              v1::InviteSkipReason reason) {
          v1::SkippedInvitation* skipped = response->add_skipped();
          skipped->set_ambassador_id(id);
          skipped->set_reason(reason);
        };
        for (const std::string& id : distinct) {
          NANO_ASSIGN_OR_RETURN(std::optional<AmbassadorRow> row,
                                LoadAmbassadorRow(tx, id));
          if (!row.has_value() || row->erased ||
              !Reaches(campaign, FactsOf(*row))) {
            skip(id, v1::INVITE_SKIP_REASON_NOT_ELIGIBLE);
            continue;
          }
          NANO_ASSIGN_OR_RETURN(
              std::optional<ApplicationRow> existing,
              LoadApplicationOf(tx, campaign.campaign_id(), id));
          if (existing.has_value()) {
            skip(id, v1::INVITE_SKIP_REASON_ALREADY_APPLIED);
            continue;
          }
          if (!row->active_test_campaign_id.empty()) {
            skip(id, v1::INVITE_SKIP_REASON_ACTIVE_TEST);
            continue;
          }
          ApplicationRow invitation;
          v1::Application& a = invitation.application;
          a.set_application_id(events::NewEventId());
          a.set_campaign_id(campaign.campaign_id());
          a.set_brand_id(campaign.brand_id());
          a.set_ambassador_id(id);
          a.set_status(v1::APPLICATION_STATUS_INVITED);
          a.set_invited(true);
          *a.mutable_applicant() = SummaryOf(*row);
          *a.mutable_created_at() = *a.mutable_updated_at() = Stamp(now);
          invitation.household_key = HouseholdOf(*row);
          invitation.tier = row->tier.tier();
          NANO_RETURN_IF_ERROR(StoreApplication(tx, invitation));
          *response->add_invited() = a;
        }
        return absl::OkStatus();
      });
}

}  // namespace nanoinfluence::recruitment
