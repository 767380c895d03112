// SelectTesters, OverrideSelection, ListSelectedTesters.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/tenancy.h"
#include "libs/paging/page_token.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/recruitment/domain/selection.h"
#include "services/recruitment/recruitment.h"

namespace nanoinfluence::recruitment {
namespace {

using google::protobuf::util::TimeUtil;
using validation::InvalidField;

// The summary's figures as they are now; name and country as when applying.
void RefreshSummary(const AmbassadorFacts& facts,
                    v1::ApplicantSummary* summary) {
  summary->set_tier(facts.tier);
  summary->set_audience(facts.audience);
  summary->set_engagement_rate_percent(facts.engagement_rate_percent);
  summary->set_reliability_score(facts.reliability_score);
}

}  // namespace

absl::Status Recruitment::EmitSelectionChanged(sql::Connection& tx,
                                               const ApplicationRow& row,
                                               bool selected, int rank) const {
  const v1::Application& a = row.application;
  common::v1::Event event;
  auto* changed = event.mutable_selection_changed();
  changed->set_campaign_id(a.campaign_id());
  changed->set_brand_id(a.brand_id());
  changed->set_ambassador_id(a.ambassador_id());
  changed->set_selected(selected);
  changed->set_tier(row.tier);
  changed->set_rank(selected ? rank : 0);
  changed->set_overridden(a.overridden());
  return Emit(tx, "application", a.application_id(), std::move(event));
}

absl::Status Recruitment::SelectTesters(const Caller& caller,
                                        const v1::SelectTestersRequest& request,
                                        v1::SelectTestersResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  uint64_t seed = request.seed();
  if (seed == 0) {
    absl::BitGen random;
    seed = absl::Uniform<uint64_t>(absl::IntervalClosed, random, 1, UINT64_MAX);
  }
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit&) {
        NANO_ASSIGN_OR_RETURN(
            v1::Campaign campaign,
            LoadOwnedCampaign(tx, caller, request.campaign_id()));
        if (campaign.status() != v1::CAMPAIGN_STATUS_RECRUITING) {
          return absl::FailedPreconditionError(
              absl::StrCat("campaign_id: selection runs on a RECRUITING "
                           "campaign; this one is ",
                           v1::CampaignStatus_Name(campaign.status()),
                           " (use OverrideSelection after selection)"));
        }
        // Only what ranking needs, row by row (a campaign may have 100,000s
        // of applicants); the selected rows are read whole after.
        const int32_t today = validation::TodayKey();
        const CompiledTargeting targeting =
            CompiledTargeting::From(campaign.spec().targeting());
        std::vector<Applicant> applicants;
        applicants.reserve(campaign.application_count());
        NANO_RETURN_IF_ERROR(tx.QueryEach(
            "SELECT ambassador_id, household_key FROM "
            "applications WHERE campaign_id = ? AND status = ?",
            {campaign.campaign_id(), int64_t{v1::APPLICATION_STATUS_APPLIED}},
            [&](const sql::Row& row) {
              index_.Visit(row.View(0), [&](const AmbassadorFacts& current) {
                // Still eligible, free of another test, with somewhere to
                // ship to.
                if (current.has_active_test || !current.has_shipping_address ||
                    !targeting.Matches(current, today)) {
                  return;
                }
                applicants.push_back(
                    {.ambassador_id = current.ambassador_id,
                     .tier = current.tier,
                     .country_code = current.country_code,
                     .postal_key = current.postal_key,
                     .household_key = row.Text(1),
                     .reliability_score = current.reliability_score,
                     .engagement_rate_percent =
                         current.engagement_rate_percent});
              });
            }));
        const Selection selection = Select(campaign.spec(), applicants, seed);
        response->set_seed(seed);
        for (const v1::BucketFill& fill : selection.buckets) {
          *response->add_buckets() = fill;
        }
        response->set_unfilled_slots(selection.unfilled_slots);
        std::vector<std::string> selected_ids;
        for (const SelectedApplicant& pick : selection.selected) {
          selected_ids.push_back(applicants[pick.applicant].ambassador_id);
        }
        // Unchanged since the scan: the index changes only when a write
        // commits, and this transaction holds the write turn.
        const std::vector<std::optional<AmbassadorFacts>> facts =
            index_.GetMany(selected_ids);
        const absl::Time now = absl::Now();
        for (size_t s = 0; s < selection.selected.size(); ++s) {
          const SelectedApplicant& pick = selection.selected[s];
          if (!facts[s].has_value()) {
            return absl::InternalError("selection: a tester left the index");
          }
          NANO_ASSIGN_OR_RETURN(
              std::optional<ApplicationRow> application,
              LoadApplicationOf(tx, campaign.campaign_id(),
                                applicants[pick.applicant].ambassador_id));
          v1::Application& a = application->application;
          a.set_status(v1::APPLICATION_STATUS_SELECTED);
          a.set_rank(pick.rank);
          *a.mutable_updated_at() = Stamp(now);
          RefreshSummary(*facts[s], a.mutable_applicant());
          application->tier = facts[s]->tier;
          application->selected_at = now;
          *response->add_selected() = a;
          if (request.dry_run()) continue;
          NANO_RETURN_IF_ERROR(InsertSelection(tx, *application));
          NoteActiveTest(tx, application->application.ambassador_id(), true);
          NANO_RETURN_IF_ERROR(
              EmitSelectionChanged(tx, *application, true, pick.rank));
        }
        if (request.dry_run()) {
          *response->mutable_campaign() = campaign;
          return absl::OkStatus();
        }
        // The applicants left out become NOT_SELECTED, and invitations EXPIRED,
        // by the campaign's new status (the applications_now view).
        campaign.set_status(v1::CAMPAIGN_STATUS_SELECTION_DONE);
        campaign.set_selection_seed(seed);
        *campaign.mutable_selection_done_at() = *campaign.mutable_updated_at() =
            Stamp(now);
        NANO_RETURN_IF_ERROR(StoreCampaign(tx, campaign));
        NANO_RETURN_IF_ERROR(FillCounters(tx, &campaign));
        *response->mutable_campaign() = campaign;
        return absl::OkStatus();
      });
}

absl::Status Recruitment::OverrideSelection(
    const Caller& caller, const v1::OverrideSelectionRequest& request,
    v1::OverrideSelectionResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("application_id", request.application_id()));
  NANO_RETURN_IF_ERROR(validation::CheckEnum("decision", request.decision()));
  NANO_ASSIGN_OR_RETURN(
      std::string note,
      validation::CleanText("note", request.note(), {0, 500, true}));
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        NANO_ASSIGN_OR_RETURN(std::optional<ApplicationRow> application,
                              LoadApplication(tx, request.application_id()));
        if (!application.has_value() ||
            !caller.SeesBrand(application->application.brand_id())) {
          return auth::NotFound("application", request.application_id());
        }
        v1::Application& a = application->application;
        NANO_ASSIGN_OR_RETURN(std::optional<v1::Campaign> campaign,
                              LoadCampaign(tx, a.campaign_id()));
        if (!campaign.has_value()) {
          return auth::NotFound("application", request.application_id());
        }
        if (campaign->status() != v1::CAMPAIGN_STATUS_SELECTION_DONE) {
          return absl::FailedPreconditionError(
              absl::StrCat("application_id: overrides apply to a "
                           "SELECTION_DONE campaign; this "
                           "one is ",
                           v1::CampaignStatus_Name(campaign->status())));
        }
        const absl::Time now = absl::Now();
        const bool accept = request.decision() == v1::SELECTION_DECISION_ACCEPT;
        if (accept) {
          if (a.status() != v1::APPLICATION_STATUS_APPLIED &&
              a.status() != v1::APPLICATION_STATUS_NOT_SELECTED) {
            return absl::FailedPreconditionError(
                absl::StrCat("application_id: only an APPLIED or NOT_SELECTED "
                             "application can "
                             "be accepted; this one is ",
                             v1::ApplicationStatus_Name(a.status())));
          }
          if (campaign->selected_count() >= campaign->spec().slots()) {
            return absl::FailedPreconditionError(
                "application_id: every slot is taken; reject someone first");
          }
          NANO_ASSIGN_OR_RETURN(AmbassadorRow row,
                                LoadLiveAmbassador(tx, a.ambassador_id()));
          if (!row.active_test_campaign_id.empty()) {
            return absl::FailedPreconditionError(
                "application_id: the ambassador holds another active test");
          }
          NANO_ASSIGN_OR_RETURN(
              sql::ResultSet last,
              tx.Query("SELECT MAX(rank) FROM selections WHERE campaign_id = ?",
                       {a.campaign_id()}));
          a.set_status(v1::APPLICATION_STATUS_SELECTED);
          a.set_rank(static_cast<int32_t>(last.rows[0].Int(0) + 1));
          RefreshSummary(FactsOf(row), a.mutable_applicant());
          application->tier = row.tier.tier();
          application->selected_at = now;
          NoteActiveTest(tx, a.ambassador_id(), true);
        } else {
          if (a.status() != v1::APPLICATION_STATUS_SELECTED) {
            return absl::FailedPreconditionError(absl::StrCat(
                "application_id: only a SELECTED application can be rejected; "
                "this one is ",
                v1::ApplicationStatus_Name(a.status())));
          }
          if (application->sample_allocated) {
            return absl::FailedPreconditionError(
                "application_id: a sample is already allocated to this tester");
          }
          a.set_status(v1::APPLICATION_STATUS_NOT_SELECTED);
          a.set_rank(0);
          NoteActiveTest(tx, a.ambassador_id(), false);
        }
        a.set_overridden(true);
        *a.mutable_updated_at() = Stamp(now);
        NANO_RETURN_IF_ERROR(StoreApplication(tx, *application));
        NANO_RETURN_IF_ERROR(accept ? InsertSelection(tx, *application)
                                    : DeleteSelection(tx, *application));
        NANO_RETURN_IF_ERROR(
            tx.Execute("INSERT INTO selection_overrides (application_id, "
                       "decision, note, decided_by, decided_at) VALUES "
                       "(?, ?, ?, ?, ?)",
                       {a.application_id(), int64_t{request.decision()}, note,
                        caller.subject, absl::ToUnixMicros(now)})
                .status());
        NANO_RETURN_IF_ERROR(
            EmitSelectionChanged(tx, *application, accept, a.rank()));
        NANO_RETURN_IF_ERROR(FillCounters(tx, &*campaign));
        *response->mutable_application() = a;
        *response->mutable_campaign() = *std::move(campaign);
        return absl::OkStatus();
      });
}

absl::Status Recruitment::ListSelectedTesters(
    const Caller& caller, const v1::ListSelectedTestersRequest& request,
    v1::ListSelectedTestersResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  if (!request.ambassador_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("ambassador_id", request.ambassador_id()));
  }
  int64_t after_rank = 0;
  if (!page.after.empty() && !absl::SimpleAtoi(page.after, &after_rank)) {
    return InvalidField("page.page_token", "malformed");
  }
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(v1::Campaign campaign,
                          LoadOwnedCampaign(tx, caller, request.campaign_id(),
                                            /*with_counters=*/false));
    if (campaign.status() == v1::CAMPAIGN_STATUS_DRAFT ||
        campaign.status() == v1::CAMPAIGN_STATUS_RECRUITING) {
      return absl::FailedPreconditionError(absl::StrCat(
          "campaign_id: no testers are selected while the campaign is ",
          v1::CampaignStatus_Name(campaign.status())));
    }
    sql::Conditions where;
    where.Add("s.campaign_id = ? AND m.erased_at IS NULL",
              {campaign.campaign_id()});
    if (request.ambassador_id().empty()) {
      where.Add("s.rank > ?", {after_rank});
    } else {
      // One tester, by key; a condition on the rank would make SQLite walk
      // the campaign's testers in rank order instead.
      where.Add("s.ambassador_id = ?", {request.ambassador_id()});
    }
    // Once closed, only testers with a sample still have a test.
    if (campaign.status() == v1::CAMPAIGN_STATUS_CLOSED) {
      where.Add("s.sample_allocated = 1");
    }
    where.AddParam(static_cast<int64_t>(page.size + 1));
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet rows,
        tx.Query(absl::StrCat(
                     "SELECT s.ambassador_id, s.application_id, s.rank, "
                     "s.tier, m.profile, s.selected_at, a.overridden FROM "
                     "selections s JOIN applications a ON a.campaign_id = "
                     "s.campaign_id AND a.ambassador_id = s.ambassador_id "
                     "JOIN ambassadors m ON m.ambassador_id = s.ambassador_id "
                     "WHERE ",
                     where.sql(), " ORDER BY s.rank LIMIT ?"),
                 where.params()));
    response->set_post_deadline_days(campaign.spec().post_deadline_days());
    *response->mutable_ship_to_country_codes() =
        campaign.spec().targeting().country_codes();
    for (size_t i = 0; i < rows.rows.size() && i < size_t(page.size); ++i) {
      const sql::Row& row = rows.rows[i];
      v1::SelectedTester* tester = response->add_testers();
      tester->set_ambassador_id(row.Text(0));
      tester->set_application_id(row.Text(1));
      tester->set_rank(static_cast<int32_t>(row.Int(2)));
      tester->set_tier(static_cast<common::v1::Tier>(row.Int(3)));
      v1::AmbassadorProfile profile;
      profile.ParseFromString(row.Text(4));
      *tester->mutable_shipping_address() = profile.shipping_address();
      if (!row.IsNull(5)) {
        *tester->mutable_selected_at() =
            TimeUtil::MicrosecondsToTimestamp(row.Int(5));
      }
      tester->set_overridden(row.Int(6) != 0);
    }
    if (rows.rows.size() > size_t(page.size)) {
      response->mutable_page()->set_next_page_token(page.NextToken(
          absl::StrCat(response->testers(page.size - 1).rank())));
    }
    return absl::OkStatus();
  });
}

}  // namespace nanoinfluence::recruitment
