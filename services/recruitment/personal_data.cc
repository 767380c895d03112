// EraseAmbassador and ExportAmbassadorData: the GDPR rights to erasure and
// to portability.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/tenancy.h"
#include "libs/log/json_log.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "services/recruitment/recruitment.h"

namespace nanoinfluence::recruitment {
namespace {

using google::protobuf::util::TimeUtil;

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message) {
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(message, &json);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("export: ", status.ToString()));
  }
  return json;
}

}  // namespace

absl::Status Recruitment::EraseAmbassador(
    const Caller& caller, const v1::EraseAmbassadorRequest& request,
    v1::EraseAmbassadorResponse* response) {
  NANO_RETURN_IF_ERROR(Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        NANO_ASSIGN_OR_RETURN(
            AmbassadorRow row,
            LoadVisibleAmbassador(tx, caller, request.ambassador_id()));
        const std::string& id = row.ambassador_id;
        const absl::Time now = absl::Now();
        const int64_t micros = absl::ToUnixMicros(now);
        // Stored answers of earlier calls hold the profile too.
        NANO_RETURN_IF_ERROR(idempotency::ForgetDataSubject(tx, id));
        for (const char* table : {"social_accounts", "consent_history"}) {
          NANO_RETURN_IF_ERROR(
              tx.Execute(absl::StrCat("DELETE FROM ", table,
                                      " WHERE ambassador_id = ?"),
                         {id})
                  .status());
        }
        // Undecided: on a campaign still recruiting (once it selected or
        // closed, a pending application counts as decided).
        NANO_RETURN_IF_ERROR(
            tx.Execute("UPDATE applications SET status = ?, updated_at = ? "
                       "WHERE ambassador_id = ? AND status IN (?, ?) AND "
                       "campaign_id IN (SELECT campaign_id FROM campaigns "
                       "WHERE status = ?)",
                       {int64_t{v1::APPLICATION_STATUS_WITHDRAWN}, micros, id,
                        int64_t{v1::APPLICATION_STATUS_INVITED},
                        int64_t{v1::APPLICATION_STATUS_APPLIED},
                        int64_t{v1::CAMPAIGN_STATUS_RECRUITING}})
                .status());
        NANO_RETURN_IF_ERROR(
            tx.Execute("UPDATE selection_overrides SET note = NULL WHERE "
                       "application_id IN (SELECT application_id FROM "
                       "applications WHERE ambassador_id = ?)",
                       {id})
                .status());
        NANO_RETURN_IF_ERROR(
            tx.Execute("UPDATE applications SET motivation = NULL, "
                       "applicant = NULL, household_key = NULL "
                       "WHERE ambassador_id = ?",
                       {id})
                .status());
        NANO_RETURN_IF_ERROR(
            tx.Execute("UPDATE selections SET applicant = NULL WHERE "
                       "(campaign_id, ambassador_id) IN (SELECT campaign_id, "
                       "ambassador_id FROM applications WHERE ambassador_id "
                       "= ?)",
                       {id})
                .status());
        // The row stays, anonymous, so counts by country and tier hold.
        row.erased = true;
        row.profile.Clear();
        row.consent.Clear();
        row.updated_at = now;
        NANO_RETURN_IF_ERROR(SaveAmbassador(tx, row));
        after.erased.push_back(id);
        // Events never carry personal data (events.proto), so the outbox,
        // delivered or not, has nothing of the person to remove.
        common::v1::Event event;
        event.mutable_ambassador_erased()->set_ambassador_id(id);
        NANO_RETURN_IF_ERROR(Emit(tx, "ambassador", id, std::move(event)));
        response->set_ambassador_id(id);
        *response->mutable_erased_at() =
            TimeUtil::MicrosecondsToTimestamp(micros);
        return absl::OkStatus();
      }));
  const absl::Status purged = db_.PurgeDeletedData();
  if (!purged.ok()) {
    // The next erasure purges again; the data is already unreachable.
    LogLine("warn", "purge after erasure failed")
        .Add("error", purged.ToString())
        .Emit();
  }
  return absl::OkStatus();
}

absl::Status Recruitment::ExportAmbassadorData(
    const Caller& caller, const v1::ExportAmbassadorDataRequest& request,
    v1::ExportAmbassadorDataResponse* response) {
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(
        const v1::Ambassador view,
        LoadAmbassadorView(tx, caller, request.ambassador_id()));
    NANO_ASSIGN_OR_RETURN(std::string ambassador, ToJson(view));
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet consents,
        // Consents given together share their time: they are listed in
        // the order registration records them (a rowid is SQLite's only).
        tx.Query("SELECT purpose, version, granted, recorded_at FROM "
                 "consent_history WHERE ambassador_id = ? ORDER BY "
                 "recorded_at, CASE purpose WHEN 'terms' THEN 0 "
                 "WHEN 'data_processing' THEN 1 ELSE 2 END",
                 {view.ambassador_id()}));
    std::vector<std::string> history;
    for (const sql::Row& consent : consents.rows) {
      history.push_back(absl::StrCat(
          "{\"purpose\":\"", JsonEscape(consent.Text(0)), "\",\"version\":\"",
          JsonEscape(consent.Text(1)), "\",\"granted\":",
          consent.Int(2) != 0 ? "true" : "false", ",\"recordedAt\":\"",
          TimeUtil::ToString(TimeUtil::MicrosecondsToTimestamp(consent.Int(3))),
          "\"}"));
    }
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet rows,
        tx.Query(absl::StrCat(kSelectApplications,
                              " WHERE ambassador_id = ? "
                              "ORDER BY created_at, application_id"),
                 {view.ambassador_id()}));
    std::vector<std::string> applications;
    for (const sql::Row& application : rows.rows) {
      NANO_ASSIGN_OR_RETURN(
          applications.emplace_back(),
          ToJson(ApplicationFromRow(application).application));
    }
    response->set_json(
        absl::StrCat("{\"ambassador\":", ambassador, ",\"consentHistory\":[",
                     absl::StrJoin(history, ","), "],\"applications\":[",
                     absl::StrJoin(applications, ","), "]}"));
    *response->mutable_generated_at() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(absl::Now()));
    return absl::OkStatus();
  });
}

}  // namespace nanoinfluence::recruitment
