// ListReminders and CloseExpiredTests: testers who received their sample
// and have not posted, and the end of each test.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/auth/tenancy.h"
#include "libs/paging/page_token.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/dispatch/dispatch.h"

namespace nanoinfluence::dispatch {
namespace {

using validation::InvalidField;

constexpr int64_t kDelivered = common::v1::SHIPMENT_STATUS_DELIVERED;

}  // namespace

absl::Status Dispatch::ListReminders(const Caller& caller,
                                     const v1::ListRemindersRequest& request,
                                     v1::ListRemindersResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  if (request.min_days_since_delivery() < 0 ||
      request.min_days_since_delivery() > 365) {
    return InvalidField("min_days_since_delivery", "0..365");
  }
  const int days = request.min_days_since_delivery() == 0
                       ? 7
                       : request.min_days_since_delivery();
  const absl::Time now = absl::Now();
  sql::Conditions where;
  where.Add("status = ? AND test_outcome = 0 AND delivered_at <= ?",
            {kDelivered, absl::ToUnixMicros(now - day_ * days)});
  // Nothing pending or approved for the campaign yet.
  where.Add(
      "NOT EXISTS (SELECT 1 FROM posts p WHERE p.campaign_id = "
      "shipments.campaign_id AND p.ambassador_id = shipments.ambassador_id "
      "AND p.status IN (?, ?))",
      {int64_t{common::v1::CONTENT_STATUS_PENDING},
       int64_t{common::v1::CONTENT_STATUS_APPROVED}});
  NANO_RETURN_IF_ERROR(AddBrandFilter(where, caller, request.brand_id()));
  if (!request.campaign_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("campaign_id", request.campaign_id()));
    where.Add("campaign_id = ?", {request.campaign_id()});
  }
  if (!page.after.empty()) {
    NANO_ASSIGN_OR_RETURN(paging::TimeCursor cursor,
                          paging::TimeCursor::Parse(page.after));
    where.AddAfter("delivered_at", "shipment_id", cursor.time, cursor.id,
                   /*descending=*/false);
  }
  where.AddParam(static_cast<int64_t>(page.size + 1));
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    if (!request.campaign_id().empty()) {
      NANO_RETURN_IF_ERROR(
          LoadVisibleCampaign(tx, caller, request.campaign_id()).status());
    }
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet rows,
        tx.Query(absl::StrCat("SELECT ", kShipmentColumns,
                              " FROM shipments WHERE ", where.sql(),
                              " ORDER BY delivered_at, shipment_id LIMIT ?"),
                 where.params()));
    for (size_t i = 0; i < rows.rows.size() && i < size_t(page.size); ++i) {
      const v1::Shipment s = ShipmentFromRow(rows.rows[i]).shipment;
      v1::Reminder* reminder = response->add_reminders();
      reminder->set_shipment_id(s.shipment_id());
      reminder->set_campaign_id(s.campaign_id());
      reminder->set_brand_id(s.brand_id());
      reminder->set_ambassador_id(s.ambassador_id());
      reminder->set_sku(s.sku());
      reminder->set_tier(s.tier());
      *reminder->mutable_deliver_time() = s.deliver_time();
      reminder->set_days_since_delivery(
          static_cast<int32_t>((now - TimeOf(s.deliver_time())) / day_));
      *reminder->mutable_post_deadline() = s.post_deadline();
    }
    if (rows.rows.size() > size_t(page.size)) {
      const v1::Reminder& last = response->reminders(page.size - 1);
      response->mutable_page()->set_next_page_token(page.NextToken(
          paging::TimeCursor{absl::ToUnixMicros(TimeOf(last.deliver_time())),
                             last.shipment_id()}
              .Format()));
    }
    return absl::OkStatus();
  });
}

absl::Status Dispatch::CloseExpiredTests(
    const Caller& caller, const v1::CloseExpiredTestsRequest& request,
    v1::CloseExpiredTestsResponse* response) {
  if (!request.campaign_id().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckUuid("campaign_id", request.campaign_id()));
  }
  if (request.limit() < 0 || request.limit() > 10'000) {
    return InvalidField("limit", "0..10,000");
  }
  const int limit = request.limit() == 0 ? 1'000 : request.limit();
  return Write(
      caller, request, response,
      [&](sql::Connection& tx, std::string*) -> absl::Status {
        if (!request.campaign_id().empty()) {
          NANO_RETURN_IF_ERROR(
              LoadVisibleCampaign(tx, caller, request.campaign_id()).status());
        }
        const absl::Time now = absl::Now();
        // Due: delivered past the deadline, returned, or lost for good.
        sql::Conditions where;
        where.Add(
            "test_outcome = 0 AND ((status = ? AND post_deadline < ?) OR "
            "status = "
            "? OR (status = ? AND (reship_count > 0 OR campaign_id IN (SELECT "
            "campaign_id FROM campaigns WHERE closed = 1))))",
            {kDelivered, absl::ToUnixMicros(now),
             int64_t{common::v1::SHIPMENT_STATUS_RETURNED},
             int64_t{common::v1::SHIPMENT_STATUS_LOST}});
        if (!request.campaign_id().empty()) {
          where.Add("campaign_id = ?", {request.campaign_id()});
        }
        where.AddParam(static_cast<int64_t>(limit + 1));
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet rows,
            tx.Query(absl::StrCat("SELECT ", kShipmentColumns,
                                  " FROM shipments WHERE ", where.sql(),
                                  " ORDER BY status_at, shipment_id LIMIT ?"),
                     where.params()));
        for (size_t i = 0; i < rows.rows.size() && i < size_t(limit); ++i) {
          ShipmentRow row = ShipmentFromRow(rows.rows[i]);
          const v1::Shipment& s = row.shipment;
          OpenTest test;
          test.status = s.status();
          test.reship_count = s.reship_count();
          test.campaign_closed = true;  // a LOST row selected here is final
          if (s.has_post_deadline())
            test.post_deadline = TimeOf(s.post_deadline());
          if (s.has_first_post_time())
            test.first_post = TimeOf(s.first_post_time());
          const std::optional<common::v1::TestOutcome> outcome =
              DueOutcome(test, now);
          if (!outcome.has_value()) continue;
          NANO_RETURN_IF_ERROR(CloseTest(tx, row, *outcome, now));
          switch (*outcome) {
            case common::v1::TEST_OUTCOME_POSTED_ON_TIME:
              response->set_posted_on_time_count(
                  response->posted_on_time_count() + 1);
              break;
            case common::v1::TEST_OUTCOME_POSTED_LATE:
              response->set_posted_late_count(response->posted_late_count() +
                                              1);
              break;
            case common::v1::TEST_OUTCOME_NOT_POSTED:
              response->set_not_posted_count(response->not_posted_count() + 1);
              break;
            default:
              response->set_not_delivered_count(
                  response->not_delivered_count() + 1);
          }
          response->set_closed_count(response->closed_count() + 1);
        }
        response->set_more_due(rows.rows.size() > size_t(limit));
        return absl::OkStatus();
      });
}

}  // namespace nanoinfluence::dispatch
