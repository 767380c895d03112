// What other replicas commit, for this process's live streams. A replica
// publishes its own changes as they commit (Ugc::Change, SubmitContent);
// those of the others reach it through the database they share: the
// outbox's ContentSubmitted, ContentModerated and ContentReplied events,
// read in commit order as the relay reads them (libs/events/relay.cc),
// skipping the events this process published itself.
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/log/json_log.h"
#include "libs/status/status_macros.h"
#include "services/ugc/ugc.h"

namespace nanoinfluence::ugc {
namespace {

constexpr int kMaxEventsPerRead = 1000;

struct Followed {
  std::string content_id;
  v1::ContentChange change;
};

// The change an outbox event of this service stands for, if a stream shows
// it.
std::optional<v1::ContentChange> ChangeOf(const common::v1::Event& event,
                                          std::string* campaign_id,
                                          std::string* content_id) {
  const common::v1::ContentFacts* facts = nullptr;
  v1::ContentChange change = v1::CONTENT_CHANGE_UNSPECIFIED;
  if (event.has_content_submitted()) {
    facts = &event.content_submitted().content();
    change = v1::CONTENT_CHANGE_SUBMITTED;
  } else if (event.has_content_moderated()) {
    facts = &event.content_moderated().content();
    change = v1::CONTENT_CHANGE_MODERATED;
  } else if (event.has_content_replied()) {
    facts = &event.content_replied().content();
    change = v1::CONTENT_CHANGE_REPLIED;
  } else {
    return std::nullopt;
  }
  *campaign_id = facts->campaign_id();
  *content_id = facts->content_id();
  return change;
}

}  // namespace

absl::Status Ugc::FollowOtherReplicas() {
  std::vector<Followed> followed;
  absl::flat_hash_map<std::string, v1::Content> contents;
  NANO_RETURN_IF_ERROR(
      db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
        followed.clear();
        contents.clear();
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet head,
            tx.Query("SELECT COALESCE(MAX(sequence), 0) FROM outbox"));
        // Nobody watching: nothing to read, only the place to start from once
        // somebody does. The head is read first: whatever commits after a
        // stream opened is above it.
        if (followed_sequence_ < 0 || !watchers_.AnyOpen()) {
          followed_sequence_ = head.rows.at(0).Int(0);
          return absl::OkStatus();
        }
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet rows,
            tx.Query("SELECT sequence, payload FROM outbox WHERE sequence > ? "
                     "AND type IN (?, ?, ?) ORDER BY sequence LIMIT ?",
                     {followed_sequence_,
                      std::string("nanoinfluence.common.v1.ContentSubmitted"),
                      std::string("nanoinfluence.common.v1.ContentModerated"),
                      std::string("nanoinfluence.common.v1.ContentReplied"),
                      int64_t{kMaxEventsPerRead}}));
        std::vector<std::string> marks;
        std::vector<sql::Value> ids;
        for (const sql::Row& row : rows.rows) {
          common::v1::Event event;
          std::string campaign_id, content_id;
          if (!event.ParseFromString(row.Text(1))) continue;
          const std::optional<v1::ContentChange> change =
              ChangeOf(event, &campaign_id, &content_id);
          if (!change.has_value() || watchers_.PublishedHere(row.Int(0)) ||
              !watchers_.Watching(campaign_id)) {
            continue;
          }
          followed.push_back({content_id, *change});
          marks.push_back("?");
          ids.push_back(content_id);
        }
        // As the relay moves its cursor: past the rows read, or to the head
        // when they were all there was (the outbox commits in sequence order).
        followed_sequence_ =
            static_cast<int>(rows.rows.size()) == kMaxEventsPerRead
                ? rows.rows.back().Int(0)
                : head.rows.at(0).Int(0);
        if (ids.empty()) return absl::OkStatus();
        NANO_ASSIGN_OR_RETURN(
            sql::ResultSet loaded,
            tx.Query(absl::StrCat("SELECT ", kContentColumns,
                                  " FROM contents WHERE content_id IN (",
                                  absl::StrJoin(marks, ", "), ")"),
                     ids));
        std::vector<v1::Content*> shown;
        for (const sql::Row& row : loaded.rows) {
          v1::Content content = ContentFromRow(row);
          shown.push_back(
              &(contents[content.content_id()] = std::move(content)));
        }
        // As a moderator sees it, as the replica that made the change
        // publishes.
        return LoadReplies(tx, Caller{.role = common::v1::ROLE_OPS}, shown);
      }));
  watchers_.ForgetPublishedUpTo(followed_sequence_);
  // Each change with the content as it stands now, in commit order.
  for (const Followed& change : followed) {
    const auto content = contents.find(change.content_id);
    if (content != contents.end()) {
      watchers_.Publish(change.change, content->second);
    }
  }
  return absl::OkStatus();
}

void Ugc::FollowLoop() {
  while (!stopping_.WaitForNotificationWithTimeout(kFollowEvery)) {
    const absl::Status followed = FollowOtherReplicas();
    if (!followed.ok()) {
      LogLine("warn", "other replicas' changes not read")
          .Add("error", followed.ToString())
          .Emit();
    }
  }
}

}  // namespace nanoinfluence::ugc
