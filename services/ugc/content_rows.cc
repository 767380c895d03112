#include "services/ugc/content_rows.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "libs/status/status_macros.h"
#include "libs/validation/timestamps.h"

namespace nanoinfluence::ugc {
namespace {

int64_t Micros(const google::protobuf::Timestamp& t) {
  return absl::ToUnixMicros(TimeOf(t));
}

sql::Blob MediaBlob(const v1::Content& content) {
  v1::Content media_only;
  *media_only.mutable_media() = content.media();
  return sql::Blob{media_only.SerializeAsString()};
}

sql::Value EngagementBlob(const v1::Content& content) {
  if (!content.has_engagement()) return sql::kNull;
  return sql::Blob{content.engagement().SerializeAsString()};
}

// What the syndication feed shows of a review.
bool FeedDiffers(const v1::Content& a, const v1::Content& b) {
  return a.status() != b.status() ||
         a.author_display_name() != b.author_display_name() ||
         a.title() != b.title() || a.body() != b.body() ||
         a.verified_tester() != b.verified_tester() ||
         a.author_erased() != b.author_erased();
}

}  // namespace

const char* const kContentColumns =
    "content_id, campaign_id, brand_id, sku, ambassador_id, "
    "author_display_name, author_tier, kind, platform, social_network, "
    "rating, title, body, media, public_url, people_told, audience, "
    "language_code, disclosure, disclosure_marker_found, "
    "tester_verification, status, reasons, moderation_note, "
    "moderated_manually, moderated_at, engagement, author_erased, "
    "submitted_at, updated_at";

absl::StatusOr<std::optional<CampaignRow>> LoadCampaign(
    sql::Connection& tx, absl::string_view campaign_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT campaign_id, brand_id, sku, closed FROM campaigns "
               "WHERE campaign_id = ?",
               {std::string(campaign_id)}));
  if (rows.rows.empty()) return std::nullopt;
  const sql::Row& r = rows.rows[0];
  return CampaignRow{.campaign_id = r.Text(0),
                     .brand_id = r.Text(1),
                     .sku = r.Text(2),
                     .closed = r.Int(3) != 0};
}

v1::Content ContentFromRow(const sql::Row& r) {
  v1::Content c;
  c.set_content_id(r.Text(0));
  c.set_campaign_id(r.Text(1));
  c.set_brand_id(r.Text(2));
  c.set_sku(r.Text(3));
  c.set_ambassador_id(r.Text(4));
  c.set_author_display_name(r.Text(5));
  c.set_author_tier(static_cast<common::v1::Tier>(r.Int(6)));
  c.set_kind(static_cast<common::v1::ContentKind>(r.Int(7)));
  c.set_platform(static_cast<common::v1::Platform>(r.Int(8)));
  c.set_social_network(static_cast<common::v1::SocialNetwork>(r.Int(9)));
  c.set_rating(static_cast<int32_t>(r.Int(10)));
  c.set_title(r.Text(11));
  c.set_body(r.Text(12));
  v1::Content media_only;
  if (media_only.ParseFromString(r.Text(13))) {
    *c.mutable_media() = std::move(*media_only.mutable_media());
  }
  c.set_public_url(r.Text(14));
  c.set_people_told(r.Int(15));
  c.set_audience(r.Int(16));
  c.set_language_code(r.Text(17));
  c.set_disclosure(r.Int(18) != 0);
  c.set_disclosure_marker_found(r.Int(19) != 0);
  c.set_tester_verification(static_cast<v1::TesterVerification>(r.Int(20)));
  c.set_verified_tester(c.tester_verification() ==
                        v1::TESTER_VERIFICATION_VERIFIED);
  c.set_status(static_cast<common::v1::ContentStatus>(r.Int(21)));
  for (absl::string_view reason :
       absl::StrSplit(r.View(22), ',', absl::SkipEmpty())) {
    int number = 0;
    if (absl::SimpleAtoi(reason, &number))
      c.add_reasons(static_cast<common::v1::ModerationReason>(number));
  }
  c.set_moderation_note(r.Text(23));
  c.set_moderated_manually(r.Int(24) != 0);
  if (auto t = TimestampColumn(r, 25)) *c.mutable_moderated_at() = *t;
  if (!r.IsNull(26)) c.mutable_engagement()->ParseFromString(r.Text(26));
  c.set_author_erased(r.Int(27) != 0);
  c.set_incentivised(true);  // all campaign content: the product was free
  if (auto t = TimestampColumn(r, 28)) *c.mutable_submitted_at() = *t;
  if (auto t = TimestampColumn(r, 29)) *c.mutable_updated_at() = *t;
  return c;
}

absl::StatusOr<std::optional<v1::Content>> LoadContent(
    sql::Connection& tx, absl::string_view content_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query(absl::StrCat("SELECT ", kContentColumns,
                            " FROM contents WHERE content_id = ?"),
               {std::string(content_id)}));
  if (rows.rows.empty()) return std::nullopt;
  return ContentFromRow(rows.rows[0]);
}

std::string ReasonsText(const google::protobuf::RepeatedField<int>& reasons) {
  return absl::StrJoin(reasons, ",");
}

absl::Status InsertContent(sql::Connection& tx, const v1::Content& c,
                           const std::string& duplicate_key,
                           const std::string& minhash) {
  const bool in_feed = c.kind() == common::v1::CONTENT_KIND_REVIEW &&
                       c.status() == common::v1::CONTENT_STATUS_APPROVED;
  return tx
      .Execute(
          absl::StrCat(
              "INSERT INTO contents (", kContentColumns,
              ", duplicate_key, minhash, in_feed, feed_updated_at) VALUES "
              "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          {c.content_id(),
           c.campaign_id(),
           c.brand_id(),
           c.sku(),
           c.ambassador_id(),
           c.author_display_name(),
           int64_t{c.author_tier()},
           int64_t{c.kind()},
           int64_t{c.platform()},
           int64_t{c.social_network()},
           int64_t{c.rating()},
           c.title(),
           c.body(),
           MediaBlob(c),
           c.public_url(),
           c.people_told(),
           c.audience(),
           c.language_code(),
           int64_t{c.disclosure()},
           int64_t{c.disclosure_marker_found()},
           int64_t{c.tester_verification()},
           int64_t{c.status()},
           ReasonsText(c.reasons()),
           c.moderation_note(),
           int64_t{c.moderated_manually()},
           Micros(c.moderated_at()),
           EngagementBlob(c),
           int64_t{c.author_erased()},
           Micros(c.submitted_at()),
           Micros(c.updated_at()),
           duplicate_key.empty() ? sql::Value(sql::kNull)
                                 : sql::Value(duplicate_key),
           minhash.empty() ? sql::Value(sql::kNull)
                           : sql::Value(sql::Blob{minhash}),
           int64_t{in_feed},
           in_feed ? sql::Value(Micros(c.updated_at())) : sql::kNull})
      .status();
}

absl::Status StoreContent(sql::Connection& tx, const v1::Content& before,
                          const v1::Content& c) {
  const bool review = c.kind() == common::v1::CONTENT_KIND_REVIEW;
  const bool approved = c.status() == common::v1::CONTENT_STATUS_APPROVED;
  // In the feed once approved; changes of a review in it are sent again.
  const bool feed_changed = review && FeedDiffers(before, c);
  return tx
      .Execute(
          "UPDATE contents SET author_display_name = ?, title = ?, body = ?, "
          "public_url = ?, tester_verification = ?, status = ?, reasons = ?, "
          "moderation_note = ?, moderated_manually = ?, moderated_at = ?, "
          "engagement = ?, author_erased = ?, updated_at = ?, "
          "in_feed = CASE WHEN in_feed = 1 OR ? = 1 THEN 1 ELSE 0 END, "
          "feed_updated_at = CASE WHEN ? = 1 AND (in_feed = 1 OR ? = 1) "
          "THEN ? ELSE feed_updated_at END "
          "WHERE content_id = ?",
          {c.author_display_name(), c.title(), c.body(), c.public_url(),
           int64_t{c.tester_verification()}, int64_t{c.status()},
           ReasonsText(c.reasons()), c.moderation_note(),
           int64_t{c.moderated_manually()}, Micros(c.moderated_at()),
           EngagementBlob(c), int64_t{c.author_erased()},
           Micros(c.updated_at()), int64_t{review && approved},
           int64_t{feed_changed}, int64_t{review && approved},
           Micros(c.updated_at()), c.content_id()})
      .status();
}

absl::Status LoadReplies(sql::Connection& tx, const auth::Caller& caller,
                         const std::vector<v1::Content*>& contents) {
  for (v1::Content* content : contents) {
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet replies,
        tx.Query("SELECT reply_id, brand_id, body, created_at FROM replies "
                 "WHERE content_id = ? ORDER BY created_at, reply_id",
                 {content->content_id()}));
    for (const sql::Row& r : replies.rows) {
      v1::Reply* reply = content->add_replies();
      reply->set_reply_id(r.Text(0));
      reply->set_content_id(content->content_id());
      reply->set_brand_id(r.Text(1));
      reply->set_body(r.Text(2));
      if (auto t = TimestampColumn(r, 3)) *reply->mutable_created_at() = *t;
    }
    if (caller.role == common::v1::ROLE_AMBASSADOR) continue;
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet reports,
        tx.Query("SELECT report_id, brand_id, reason, note, created_at, open "
                 "FROM reports WHERE content_id = ? ORDER BY created_at, "
                 "report_id",
                 {content->content_id()}));
    for (const sql::Row& r : reports.rows) {
      v1::ContentReport* report = content->add_reports();
      report->set_report_id(r.Text(0));
      report->set_content_id(content->content_id());
      report->set_brand_id(r.Text(1));
      report->set_reason(static_cast<common::v1::ModerationReason>(r.Int(2)));
      report->set_note(r.Text(3));
      if (auto t = TimestampColumn(r, 4)) *report->mutable_created_at() = *t;
      report->set_open(r.Int(5) != 0);
      content->set_open_report_count(content->open_report_count() +
                                     (report->open() ? 1 : 0));
    }
  }
  return absl::OkStatus();
}

bool Sees(const auth::Caller& caller, const v1::Content& content) {
  switch (caller.role) {
    case common::v1::ROLE_OPS:
    case common::v1::ROLE_SERVICE:
      return true;
    case common::v1::ROLE_BRAND:
      return caller.brand_id == content.brand_id();
    case common::v1::ROLE_AMBASSADOR:
      return caller.ambassador_id == content.ambassador_id();
    default:
      return false;
  }
}

v1::Content AsSeenBy(const auth::Caller& caller, v1::Content content) {
  if (caller.role == common::v1::ROLE_AMBASSADOR) {
    content.clear_reports();
    content.clear_open_report_count();
  }
  return content;
}

common::v1::ContentFacts FactsOf(const v1::Content& c) {
  common::v1::ContentFacts facts;
  facts.set_content_id(c.content_id());
  facts.set_campaign_id(c.campaign_id());
  facts.set_brand_id(c.brand_id());
  facts.set_sku(c.sku());
  facts.set_ambassador_id(c.ambassador_id());
  facts.set_tier(c.author_tier());
  facts.set_kind(c.kind());
  facts.set_platform(c.platform());
  facts.set_rating(c.rating());
  facts.set_people_told(c.people_told());
  facts.set_audience(c.audience());
  facts.set_verified_tester(c.verified_tester());
  *facts.mutable_submitted_at() = c.submitted_at();
  return facts;
}

}  // namespace nanoinfluence::ugc
