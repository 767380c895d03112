// The contents table and its neighbours (replies, reports) as Content
// messages: the one place that knows the columns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "libs/sql/database.h"
#include "nanoinfluence/common/v1/events.pb.h"
#include "nanoinfluence/ugc/v1/content.pb.h"

namespace nanoinfluence::ugc {

struct CampaignRow {
  std::string campaign_id;
  std::string brand_id;
  std::string sku;
  bool closed = false;
};

absl::StatusOr<std::optional<CampaignRow>> LoadCampaign(
    sql::Connection& tx, absl::string_view campaign_id);

// The columns ContentFromRow reads, in its order.
extern const char* const kContentColumns;
v1::Content ContentFromRow(const sql::Row& row);

absl::StatusOr<std::optional<v1::Content>> LoadContent(
    sql::Connection& tx, absl::string_view content_id);

// A new content with its duplicate key and near-duplicate signature (empty:
// too short to judge).
absl::Status InsertContent(sql::Connection& tx, const v1::Content& content,
                           const std::string& duplicate_key,
                           const std::string& minhash);

// Stores the changeable fields of `after`. A review's syndication entry
// changes (`feed_updated_at`) when anything the feed shows changed since
// `before`.
absl::Status StoreContent(sql::Connection& tx, const v1::Content& before,
                          const v1::Content& after);

// Fills the replies and reports of `contents` (reports not for an author).
absl::Status LoadReplies(sql::Connection& tx, const auth::Caller& caller,
                         const std::vector<v1::Content*>& contents);

// What the caller may see of content it may see: authors do not see reports.
v1::Content AsSeenBy(const auth::Caller& caller, v1::Content content);

// Whether the caller may see the content at all.
bool Sees(const auth::Caller& caller, const v1::Content& content);

// The facts of content that events carry.
common::v1::ContentFacts FactsOf(const v1::Content& content);

std::string ReasonsText(const google::protobuf::RepeatedField<int>& reasons);

}  // namespace nanoinfluence::ugc
