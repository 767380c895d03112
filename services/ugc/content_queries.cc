// GetContent, ListContent.
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/paging/page_token.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/list_filters.h"
#include "services/ugc/ugc.h"

namespace nanoinfluence::ugc {
namespace {

// The caller's tenancy and the request's tenant filters.
absl::Status AddTenancy(sql::Conditions& where, const Caller& caller,
                        const v1::ListContentRequest& request) {
  if (caller.role == common::v1::ROLE_AMBASSADOR) {
    if (!request.ambassador_id().empty() &&
        request.ambassador_id() != caller.ambassador_id) {
      return absl::PermissionDeniedError(
          "ambassador_id: an ambassador sees their own content only");
    }
    where.Add("ambassador_id = ?", {caller.ambassador_id});
  } else if (caller.role == common::v1::ROLE_BRAND &&
             !request.ambassador_id().empty()) {
    return absl::PermissionDeniedError(
        "ambassador_id: read for ops and services only");
  } else if (!request.ambassador_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("ambassador_id", request.ambassador_id()));
    where.Add("ambassador_id = ?", {request.ambassador_id()});
  }
  return validation::AddBrandFilter(where, caller, request.brand_id());
}

}  // namespace

absl::Status Ugc::GetContent(const Caller& caller,
                             const v1::GetContentRequest& request,
                             v1::Content* response) {
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(*response,
                          LoadVisible(tx, caller, request.content_id()));
    NANO_RETURN_IF_ERROR(LoadReplies(tx, caller, {response}));
    *response = AsSeenBy(caller, std::move(*response));
    return absl::OkStatus();
  });
}

absl::Status Ugc::ListContent(const Caller& caller,
                              const v1::ListContentRequest& request,
                              v1::ListContentResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  sql::Conditions where;
  NANO_RETURN_IF_ERROR(AddTenancy(where, caller, request));
  if (!request.campaign_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("campaign_id", request.campaign_id()));
    where.Add("campaign_id = ?", {request.campaign_id()});
  }
  if (!request.sku().empty()) {
    NANO_RETURN_IF_ERROR(validation::CheckSku("sku", request.sku()));
    where.Add("sku = ?", {request.sku()});
  }
  NANO_ASSIGN_OR_RETURN(auto kinds,
                        validation::EnumValues<common::v1::ContentKind>(
                            "kinds", request.kinds(), 8));
  where.AddIn("kind", kinds);
  NANO_ASSIGN_OR_RETURN(auto platforms,
                        validation::EnumValues<common::v1::Platform>(
                            "platforms", request.platforms(), 12));
  where.AddIn("platform", platforms);
  NANO_ASSIGN_OR_RETURN(auto statuses,
                        validation::EnumValues<common::v1::ContentStatus>(
                            "statuses", request.statuses(), 3));
  where.AddIn("status", statuses);
  if (request.has_submitted()) {
    NANO_RETURN_IF_ERROR(validation::AddTimeRange(
        where, "submitted_at", "submitted", request.submitted()));
  }
  if (request.reported_only()) {
    where.Add(
        "EXISTS (SELECT 1 FROM reports r WHERE r.content_id = "
        "contents.content_id AND r.open = 1)",
        {});
  }
  if (request.verified_only()) {
    where.Add("tester_verification = ?",
              {int64_t{v1::TESTER_VERIFICATION_VERIFIED}});
  }
  if (!page.after.empty()) {
    NANO_ASSIGN_OR_RETURN(paging::TimeCursor cursor,
                          paging::TimeCursor::Parse(page.after));
    where.AddAfter("submitted_at", "content_id", cursor.time, cursor.id,
                   /*descending=*/true);
  }
  where.AddParam(static_cast<int64_t>(page.size + 1));
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet rows,
        tx.Query(absl::StrCat("SELECT ", kContentColumns,
                              " FROM contents WHERE ", where.sql(),
                              " ORDER BY submitted_at DESC, content_id DESC "
                              "LIMIT ?"),
                 where.params()));
    std::vector<v1::Content*> shown;
    for (size_t i = 0; i < rows.rows.size() && i < size_t(page.size); ++i) {
      v1::Content* content = response->add_contents();
      *content = ContentFromRow(rows.rows[i]);
      shown.push_back(content);
    }
    NANO_RETURN_IF_ERROR(LoadReplies(tx, caller, shown));
    for (v1::Content* content : shown) {
      *content = AsSeenBy(caller, std::move(*content));
    }
    if (rows.rows.size() > size_t(page.size)) {
      const v1::Content& last = *shown.back();
      response->mutable_page()->set_next_page_token(
          page.NextToken(paging::TimeCursor{
              google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                  last.submitted_at()),
              last.content_id()}
                             .Format()));
    }
    return absl::OkStatus();
  });
}

}  // namespace nanoinfluence::ugc
