// ModerateContent (ops), ReportContent and ReplyToContent (brands).
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/status/status_macros.h"
#include "libs/text/normalise.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/ugc/ugc.h"

namespace nanoinfluence::ugc {
namespace {

using common::v1::ModerationReason;
using validation::Indexed;
using validation::InvalidField;

// The reasons a brand may report (ugc_service.proto).
bool Reportable(ModerationReason reason) {
  return reason != common::v1::MODERATION_REASON_UNSPECIFIED &&
         reason != common::v1::MODERATION_REASON_RATE_LIMITED &&
         reason != common::v1::MODERATION_REASON_REPORTED &&
         common::v1::ModerationReason_IsValid(reason);
}

// A moderator's or a brand's note: 0..1,000 characters, 1..1,000 with OTHER.
absl::StatusOr<std::string> NoteFor(absl::string_view note, bool other) {
  return text::Normalise(
      "note", note,
      {.min_chars = other ? 1 : 0, .max_chars = 1000, .multiline = true});
}

}  // namespace

absl::Status Ugc::ModerateContent(const Caller& caller,
                                  const v1::ModerateContentRequest& request,
                                  v1::ModerateContentResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("content_id", request.content_id()));
  NANO_RETURN_IF_ERROR(validation::CheckEnum("decision", request.decision()));
  const bool reject = request.decision() == v1::MODERATION_DECISION_REJECT;
  if (!reject && request.reasons_size() > 0) {
    return InvalidField("reasons", "must be empty for an approval");
  }
  if (reject && (request.reasons_size() < 1 || request.reasons_size() > 5)) {
    return InvalidField("reasons", "a rejection takes 1..5 reasons");
  }
  std::set<int> reasons;
  for (int i = 0; i < request.reasons_size(); ++i) {
    NANO_RETURN_IF_ERROR(validation::CheckEnum(
        Indexed("reasons", i),
        static_cast<ModerationReason>(request.reasons(i))));
    if (!reasons.insert(request.reasons(i)).second) {
      return InvalidField(Indexed("reasons", i), "listed twice");
    }
  }
  NANO_ASSIGN_OR_RETURN(
      const std::string note,
      NoteFor(request.note(),
              reasons.contains(common::v1::MODERATION_REASON_OTHER)));
  const common::v1::ContentStatus decided =
      reject ? common::v1::CONTENT_STATUS_REJECTED
             : common::v1::CONTENT_STATUS_APPROVED;
  return writer_.Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string* data_subject) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(const v1::Content before,
                              LoadVisible(tx, caller, request.content_id()));
        *data_subject = before.ambassador_id();  // the answer holds the text
        if (before.status() == decided) {
          return absl::FailedPreconditionError(
              absl::StrCat("decision: the content is already ",
                           common::v1::ContentStatus_Name(decided)));
        }
        v1::Content after = before;
        after.set_status(decided);
        after.clear_reasons();
        for (int reason : reasons) {
          after.add_reasons(static_cast<ModerationReason>(reason));
        }
        after.set_moderation_note(note);
        after.set_moderated_manually(true);
        const absl::Time now = absl::Now();
        *after.mutable_moderated_at() = Stamp(now);
        *after.mutable_updated_at() = Stamp(now);
        NANO_RETURN_IF_ERROR(
            tx.Execute("UPDATE reports SET open = 0 WHERE content_id = ?",
                       {after.content_id()})
                .status());
        NANO_RETURN_IF_ERROR(LoadReplies(tx, caller, {&after}));
        NANO_RETURN_IF_ERROR(
            Change(tx, before, after, v1::CONTENT_CHANGE_MODERATED));
        *response->mutable_content() = std::move(after);
        return absl::OkStatus();
      });
}

absl::Status Ugc::ReportContent(const Caller& caller,
                                const v1::ReportContentRequest& request,
                                v1::ReportContentResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("content_id", request.content_id()));
  if (!Reportable(request.reason())) {
    return InvalidField("reason", "not a reason a brand can report");
  }
  NANO_ASSIGN_OR_RETURN(
      const std::string note,
      NoteFor(request.note(),
              request.reason() == common::v1::MODERATION_REASON_OTHER));
  return writer_.Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(const v1::Content before,
                              LoadVisible(tx, caller, request.content_id()));
        if (before.status() == common::v1::CONTENT_STATUS_REJECTED) {
          return absl::FailedPreconditionError(
              "content_id: the content is already rejected");
        }
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet open,
            tx.Query("SELECT 1 FROM reports WHERE content_id = ? AND "
                     "brand_id = ? AND open = 1",
                     {before.content_id(), before.brand_id()}));
        if (!open.rows.empty()) {
          return absl::FailedPreconditionError(
              "content_id: the brand already has an open report on it");
        }
        const absl::Time now = absl::Now();
        v1::ContentReport& report = *response->mutable_report();
        report.set_report_id(events::NewEventId());
        report.set_content_id(before.content_id());
        report.set_brand_id(before.brand_id());
        report.set_reason(request.reason());
        report.set_note(note);
        *report.mutable_created_at() = Stamp(now);
        report.set_open(true);
        NANO_RETURN_IF_ERROR(
            tx.Execute(
                  "INSERT INTO reports (report_id, content_id, brand_id, "
                  "reason, note, created_at, open) VALUES (?, ?, ?, ?, "
                  "?, ?, 1)",
                  {report.report_id(), report.content_id(), report.brand_id(),
                   int64_t{report.reason()}, note, absl::ToUnixMicros(now)})
                .status());
        v1::Content after = before;
        *after.mutable_updated_at() = Stamp(now);
        return StoreContent(tx, before, after);
      });
}

absl::Status Ugc::ReplyToContent(const Caller& caller,
                                 const v1::ReplyToContentRequest& request,
                                 v1::ReplyToContentResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("content_id", request.content_id()));
  NANO_ASSIGN_OR_RETURN(
      const std::string body,
      text::Normalise("body", request.body(),
                      {.min_chars = 1, .max_chars = 2000, .multiline = true}));
  return writer_.Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        NANO_ASSIGN_OR_RETURN(const v1::Content before,
                              LoadVisible(tx, caller, request.content_id()));
        if (before.status() != common::v1::CONTENT_STATUS_APPROVED) {
          return absl::FailedPreconditionError(
              "content_id: only approved content can be answered");
        }
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet count,
            tx.Query("SELECT COUNT(*) FROM replies WHERE content_id = ?",
                     {before.content_id()}));
        if (count.rows[0].Int(0) >= 20) {
          return absl::ResourceExhaustedError(
              "content_id: the content already has 20 replies");
        }
        const absl::Time now = absl::Now();
        v1::Reply& reply = *response->mutable_reply();
        reply.set_reply_id(events::NewEventId());
        reply.set_content_id(before.content_id());
        reply.set_brand_id(before.brand_id());
        reply.set_body(body);
        *reply.mutable_created_at() = Stamp(now);
        NANO_RETURN_IF_ERROR(
            tx.Execute("INSERT INTO replies (reply_id, content_id, brand_id, "
                       "body, created_at) VALUES (?, ?, ?, ?, ?)",
                       {reply.reply_id(), reply.content_id(), reply.brand_id(),
                        body, absl::ToUnixMicros(now)})
                .status());
        v1::Content after = before;
        *after.mutable_updated_at() = Stamp(now);
        NANO_RETURN_IF_ERROR(LoadReplies(tx, caller, {&after}));
        return Change(tx, before, after, v1::CONTENT_CHANGE_REPLIED);
      });
}

}  // namespace nanoinfluence::ugc
