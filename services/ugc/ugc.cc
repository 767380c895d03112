#include "services/ugc/ugc.h"

#include "libs/auth/tenancy.h"
#include "libs/log/json_log.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"

namespace nanoinfluence::ugc {

Ugc::Ugc(sql::Database& db, const events::Outbox& outbox,
         ReceiptCheck& receipts, AuthorTiers& tiers, UgcPolicy policy)
    : db_(db),
      outbox_(outbox),
      receipts_(receipts),
      tiers_(tiers),
      policy_(std::move(policy)),
      disclosure_markers_(policy_.disclosure_markers),
      banned_words_(policy_.banned_words),
      writer_(db),
      intake_(db,
              [this](sql::Connection& tx, const common::v1::Event& event) {
                return ApplyEvent(tx, event);
              }),
      reverifier_([this] { ReverifyLoop(); }) {
  // Where following the outbox starts, read before the server takes any
  // stream: a change committed just after the first stream opened is above
  // it, never skipped.
  if (const absl::Status started = FollowOtherReplicas(); !started.ok()) {
    LogLine("warn", "other replicas' changes not read")
        .Add("error", started.ToString())
        .Emit();
  }
  follower_ = std::thread([this] { FollowLoop(); });
}

Ugc::~Ugc() {
  stopping_.Notify();
  reverifier_.join();
  follower_.join();
}

absl::StatusOr<v1::Content> Ugc::LoadVisible(sql::Connection& tx,
                                             const Caller& caller,
                                             absl::string_view content_id) {
  NANO_RETURN_IF_ERROR(validation::CheckUuid("content_id", content_id));
  NANO_ASSIGN_OR_RETURN(std::optional<v1::Content> content,
                        LoadContent(tx, content_id));
  if (!content.has_value() || !Sees(caller, *content)) {
    return auth::NotFound("content", content_id);
  }
  return *std::move(content);
}

absl::Status Ugc::Change(sql::Connection& tx, const v1::Content& before,
                         const v1::Content& after, v1::ContentChange change) {
  NANO_RETURN_IF_ERROR(StoreContent(tx, before, after));
  const bool moderated =
      before.status() != after.status() ||
      ReasonsText(before.reasons()) != ReasonsText(after.reasons()) ||
      before.verified_tester() != after.verified_tester();
  common::v1::Event event;
  if (moderated) {
    auto* payload = event.mutable_content_moderated();
    *payload->mutable_content() = FactsOf(after);
    payload->set_previous_status(before.status());
    payload->set_status(after.status());
    for (int reason : after.reasons()) {
      payload->add_reasons(static_cast<common::v1::ModerationReason>(reason));
    }
  } else if (change == v1::CONTENT_CHANGE_REPLIED) {
    // No figure changes, but the other replicas' live streams learn of the
    // reply from this event (other_replicas.cc).
    *event.mutable_content_replied()->mutable_content() = FactsOf(after);
  }
  int64_t sequence = 0;  // of the event, when there is one
  if (event.payload_case() != common::v1::Event::PAYLOAD_NOT_SET) {
    event.set_aggregate_type("content");
    event.set_aggregate_id(after.content_id());
    NANO_ASSIGN_OR_RETURN(const common::v1::Event stored,
                          outbox_.Append(tx, std::move(event)));
    sequence = stored.sequence();
  }
  tx.OnCommit([this, change, after, sequence] {
    watchers_.Publish(change, after, sequence);
  });
  return absl::OkStatus();
}

}  // namespace nanoinfluence::ugc
