// WatchCampaignContent's start (replay and subscription) and the
// syndication feed's rows; the gRPC glue streams them.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/auth/tenancy.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/list_filters.h"
#include "libs/validation/timestamps.h"
#include "services/ugc/ugc.h"

namespace nanoinfluence::ugc {
namespace {

using validation::InvalidField;

std::string CallerKey(const Caller& caller) {
  return absl::StrCat(caller.role, ":", caller.subject);
}

v1::StreamSyndicationFeedResponse FeedEntryOf(const v1::Content& c,
                                              int64_t feed_updated_at) {
  v1::StreamSyndicationFeedResponse entry;
  entry.set_review_id(c.content_id());
  entry.set_sku(c.sku());
  entry.set_incentivised(true);
  entry.set_verified_tester(c.verified_tester());
  entry.set_language_code(c.language_code());
  *entry.mutable_submitted_at() = c.submitted_at();
  *entry.mutable_updated_at() = Stamp(absl::FromUnixMicros(feed_updated_at));
  if (c.status() != common::v1::CONTENT_STATUS_APPROVED) {
    entry.set_withdrawn(true);  // rejected after approval: off the page
    return entry;
  }
  entry.set_rating(c.rating());
  entry.set_title(c.title());
  entry.set_body(c.body());
  entry.set_author_display_name(c.author_display_name());
  entry.set_anonymous(c.author_display_name().empty());
  return entry;
}

}  // namespace

absl::StatusOr<std::shared_ptr<Watcher>> Ugc::StartWatch(
    const Caller& caller, const v1::WatchCampaignContentRequest& request,
    std::vector<v1::WatchCampaignContentResponse>* replay) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_ASSIGN_OR_RETURN(auto statuses,
                        validation::EnumValues<common::v1::ContentStatus>(
                            "statuses", request.statuses(), 3));
  const absl::Time now = absl::Now();
  if (request.has_since()) {
    NANO_RETURN_IF_ERROR(validation::CheckTimestamp("since", request.since()));
    const absl::Time since = TimeOf(request.since());
    if (since > now || since < now - absl::Hours(24 * 7)) {
      return InvalidField("since", "must be within the last 7 days");
    }
  }
  NANO_RETURN_IF_ERROR(
      db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
        NANO_ASSIGN_OR_RETURN(std::optional<CampaignRow> campaign,
                              LoadCampaign(tx, request.campaign_id()));
        if (!campaign.has_value() || !caller.SeesBrand(campaign->brand_id)) {
          return auth::NotFound("campaign", request.campaign_id());
        }
        return absl::OkStatus();
      }));
  // Subscribed before the replay is read: a change in between is sent
  // twice rather than lost (the client dedupes).
  NANO_ASSIGN_OR_RETURN(
      std::shared_ptr<Watcher> watcher,
      watchers_.Open(CallerKey(caller), request.campaign_id(),
                     {request.statuses().begin(), request.statuses().end()}));
  if (!request.has_since()) return watcher;
  sql::Conditions where;
  where.Add("campaign_id = ?", {request.campaign_id()});
  where.Add("updated_at >= ?", {absl::ToUnixMicros(TimeOf(request.since()))});
  where.AddIn("status", statuses);
  const absl::Status read =
      db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet rows,
            tx.Query(absl::StrCat("SELECT ", kContentColumns,
                                  " FROM contents WHERE ", where.sql(),
                                  " ORDER BY updated_at, content_id"),
                     where.params()));
        for (const sql::Row& row : rows.rows) {
          v1::WatchCampaignContentResponse& message = replay->emplace_back();
          message.set_change(v1::CONTENT_CHANGE_REPLAYED);
          *message.mutable_content() = ContentFromRow(row);
          NANO_RETURN_IF_ERROR(
              LoadReplies(tx, caller, {message.mutable_content()}));
          *message.mutable_occurred_at() = message.content().updated_at();
        }
        return absl::OkStatus();
      });
  if (!read.ok()) {
    EndWatch(caller, watcher.get());
    return read;
  }
  return watcher;
}

void Ugc::EndWatch(const Caller& caller, const Watcher* watcher) {
  watchers_.Close(CallerKey(caller), watcher);
}

absl::Status Ugc::SyndicationFeed(
    const Caller& caller, const v1::StreamSyndicationFeedRequest& request,
    std::vector<v1::StreamSyndicationFeedResponse>* entries) {
  NANO_RETURN_IF_ERROR(validation::CheckSku("sku", request.sku()));
  if (request.max_items() < 0 || request.max_items() > 10'000) {
    return InvalidField("max_items", "must be 0..10000");
  }
  sql::Conditions where;
  where.Add("sku = ?", {request.sku()});
  where.Add("in_feed = 1", {});
  if (request.has_since()) {
    NANO_RETURN_IF_ERROR(validation::CheckTimestamp("since", request.since()));
    if (TimeOf(request.since()) > absl::Now()) {
      return InvalidField("since", "must not be in the future");
    }
    where.Add("feed_updated_at >= ?",
              {absl::ToUnixMicros(TimeOf(request.since()))});
  }
  NANO_RETURN_IF_ERROR(
      validation::AddBrandFilter(where, caller, request.brand_id()));
  if (!request.language_code().empty()) {
    if (request.language_code().size() > 35) {
      return InvalidField("language_code", "at most 35 characters");
    }
    // A prefix on subtag boundaries: "fr" matches "fr" and "fr-FR".
    where.Add("(language_code = ? OR substr(language_code, 1, ?) = ?)",
              {request.language_code(),
               static_cast<int64_t>(request.language_code().size() + 1),
               absl::StrCat(request.language_code(), "-")});
  }
  where.AddParam(static_cast<int64_t>(
      request.max_items() == 0 ? 10'000 : request.max_items()));
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    return tx.QueryEach(
        absl::StrCat("SELECT ", kContentColumns,
                     ", feed_updated_at FROM contents WHERE ", where.sql(),
                     " ORDER BY feed_updated_at, content_id LIMIT ?"),
        where.params(), [&](const sql::Row& row) {
          entries->push_back(FeedEntryOf(ContentFromRow(row), row.Int(30)));
        });
  });
}

}  // namespace nanoinfluence::ugc
