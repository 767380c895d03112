// Recount: rebuilds a campaign's aggregates from its event log with the
// same code the intake runs, compares them with the stored ones figure by
// figure, and keeps the rebuilt ones unless asked only to compare. It runs in
// one write transaction, so intake waits while it runs.
#include "absl/cleanup/cleanup.h"
#include "absl/time/clock.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/kpi/aggregates.h"
#include "services/kpi/figure_paths.h"
#include "services/kpi/kpi.h"
#include "services/kpi/report_reader.h"

namespace nanoinfluence::kpi {
namespace {

absl::Status CheckRecount(const v1::RecountRequest& request) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  if (request.source() == v1::RECOUNT_SOURCE_UNSPECIFIED) {
    return validation::InvalidField("source", "required");
  }
  NANO_RETURN_IF_ERROR(validation::CheckEnum("source", request.source()));
  if (request.source() == v1::RECOUNT_SOURCE_PRODUCERS) {
    return absl::UnimplementedError(
        "source: RECOUNT_SOURCE_PRODUCERS is not available in this version; "
        "use RECOUNT_SOURCE_EVENT_LOG");
  }
  return absl::OkStatus();
}

// Every figure of the campaign a recount compares: the report's and the
// daily ones.
absl::StatusOr<std::map<std::string, std::string>> StoredFigures(
    sql::Connection& tx, const std::string& campaign_id,
    const v1::ConversionCurve& curve) {
  NANO_ASSIGN_OR_RETURN(v1::CampaignReport report,
                        ReadReport(tx, campaign_id, curve));
  report.clear_version();  // moves with every change, not a figure
  std::map<std::string, std::string> figures = FigurePaths(report);
  NANO_ASSIGN_OR_RETURN(auto daily, ReadDailyFigures(tx, campaign_id));
  for (const auto& [path, value] : daily) {
    figures[path] = absl::StrCat(value);
  }
  return figures;
}

}  // namespace

absl::StatusOr<int64_t> Kpi::Replay(sql::Connection& tx,
                                    const std::string& campaign_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet campaign,
      tx.Query("SELECT as_of_time FROM campaigns WHERE campaign_id = ?",
               {campaign_id}));
  const absl::Time as_of = absl::FromUnixMicros(campaign.rows[0].Int(0));
  for (const char* table : {"totals", "daily", "testers"}) {
    NANO_RETURN_IF_ERROR(tx.Execute(absl::StrCat("DELETE FROM ", table,
                                                 " WHERE campaign_id = ?"),
                                    {campaign_id})
                             .status());
  }
  NANO_RETURN_IF_ERROR(
      tx.Execute("DELETE FROM engagement_points WHERE content_id IN (SELECT "
                 "content_id FROM contents WHERE campaign_id = ?)",
                 {campaign_id})
          .status());
  NANO_RETURN_IF_ERROR(
      tx.Execute("DELETE FROM contents WHERE campaign_id = ?", {campaign_id})
          .status());
  NANO_RETURN_IF_ERROR(
      tx.Execute("UPDATE campaigns SET sku = '', slots = 0, opened = 0, "
                 "open_time = 0, closed = 0, close_time = 0, eligible_nano = "
                 "0, eligible_micro = 0, eligible_macro = 0, events_applied = "
                 "0 WHERE campaign_id = ?",
                 {campaign_id})
          .status());
  // The log is read whole first: applying writes to the tables a pending
  // read would otherwise walk.
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet log,
      tx.Query("SELECT event FROM event_log WHERE campaign_id = ? ORDER BY "
               "event_id",
               {campaign_id}));
  for (const sql::Row& row : log.rows) {
    common::v1::Event event;
    if (!event.ParseFromString(row.Text(0))) {
      return absl::DataLossError(
          absl::StrCat("event_log of campaign ", campaign_id,
                       " holds an event that does not parse"));
    }
    NANO_RETURN_IF_ERROR(
        ApplyToAggregates(tx, event, as_of, /*keep_in_log=*/false));
  }
  return static_cast<int64_t>(log.rows.size());
}

absl::Status Kpi::Recount(const Caller& caller,
                          const v1::RecountRequest& request,
                          v1::RecountResponse* response) {
  NANO_RETURN_IF_ERROR(CheckRecount(request));
  const std::string& campaign_id = request.campaign_id();
  {
    absl::MutexLock lock(&recount_mu_);
    if (std::find(recounting_.begin(), recounting_.end(), campaign_id) !=
        recounting_.end()) {
      return absl::AbortedError(
          absl::StrCat("campaign_id: a recount of campaign ", campaign_id,
                       " is already running"));
    }
    recounting_.push_back(campaign_id);
  }
  absl::Cleanup done = [&] {
    absl::MutexLock lock(&recount_mu_);
    std::erase(recounting_, campaign_id);
  };
  bool repaired = false;
  NANO_RETURN_IF_ERROR(writer_.Write(
      caller, request, response, [&](sql::Connection& tx, std::string*) {
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet campaign,
            tx.Query("SELECT version FROM campaigns WHERE campaign_id = ?",
                     {campaign_id}));
        if (campaign.rows.empty()) {
          return absl::NotFoundError(
              absl::StrCat("campaign \"", campaign_id, "\": not found"));
        }
        const int64_t version = campaign.rows[0].Int(0);
        *response->mutable_start_time() = Stamp(absl::Now());
        response->set_campaign_id(campaign_id);
        NANO_ASSIGN_OR_RETURN(auto stored,
                              StoredFigures(tx, campaign_id, default_curve_));
        NANO_RETURN_IF_ERROR(tx.Execute("SAVEPOINT recount").status());
        NANO_ASSIGN_OR_RETURN(int64_t replayed, Replay(tx, campaign_id));
        NANO_ASSIGN_OR_RETURN(auto recounted,
                              StoredFigures(tx, campaign_id, default_curve_));
        response->set_facts_replayed(replayed);
        for (v1::RecountDifference& difference :
             Differences(stored, recounted, "absent")) {
          *response->add_differences() = std::move(difference);
        }
        repaired = !request.compare_only() && response->differences_size() > 0;
        if (repaired) {
          NANO_RETURN_IF_ERROR(tx.Execute("RELEASE recount").status());
          // Watchers see one new version for the whole repair.
          NANO_RETURN_IF_ERROR(
              tx.Execute("UPDATE campaigns SET version = ? WHERE campaign_id "
                         "= ?",
                         {version + 1, campaign_id})
                  .status());
        } else {
          NANO_RETURN_IF_ERROR(tx.Execute("ROLLBACK TO recount").status());
          NANO_RETURN_IF_ERROR(tx.Execute("RELEASE recount").status());
        }
        response->set_repaired(repaired);
        *response->mutable_finish_time() = Stamp(absl::Now());
        return absl::OkStatus();
      }));
  if (repaired) on_change_({campaign_id});
  return absl::OkStatus();
}

}  // namespace nanoinfluence::kpi
