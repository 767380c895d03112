// The ugc service's behaviour, one method per RPC, below the gRPC glue
// (ugc_grpc_service.h) and above the SQL layer. Every write checks its
// caller and request first, asks dispatch and the tier cache outside any
// transaction, then runs in one transaction with its events (the outbox)
// and its idempotency record. Watchers hear of a change once it committed.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "libs/events/intake.h"
#include "libs/events/outbox.h"
#include "libs/idempotency/once_writer.h"
#include "libs/sql/database.h"
#include "nanoinfluence/ugc/v1/ugc_service.pb.h"
#include "services/ugc/content_rows.h"
#include "services/ugc/domain/disclosure.h"
#include "services/ugc/domain/moderation.h"
#include "services/ugc/domain/text_signals.h"
#include "services/ugc/peers.h"
#include "services/ugc/submission_checks.h"
#include "services/ugc/watchers.h"

namespace nanoinfluence::ugc {

using auth::Caller;

// What the operator configures (flags of ugc_server).
struct UgcPolicy {
  SubmissionPolicy submission;
  ModerationRules moderation;
  std::vector<std::string> disclosure_markers;
  std::vector<std::string> banned_words;
  // Submissions an author may send a minute before RESOURCE_EXHAUSTED.
  int max_per_minute = 10;
  // How often content whose verification could not be made is retried.
  absl::Duration reverify_every = absl::Seconds(30);
};

class Ugc {
 public:
  // `receipts` and `tiers` reach dispatch and the tier cache; they must
  // outlive this object. Starts the background verification.
  Ugc(sql::Database& db, const events::Outbox& outbox, ReceiptCheck& receipts,
      AuthorTiers& tiers, UgcPolicy policy);
  ~Ugc();

  // Submission (submission.cc).
  absl::Status SubmitContent(const Caller& caller,
                             const v1::SubmitContentRequest& request,
                             v1::SubmitContentResponse* response);

  // Reading (content_queries.cc).
  absl::Status GetContent(const Caller& caller,
                          const v1::GetContentRequest& request,
                          v1::Content* response);
  absl::Status ListContent(const Caller& caller,
                           const v1::ListContentRequest& request,
                           v1::ListContentResponse* response);

  // Moderation, reports, replies (moderation_rpcs.cc).
  absl::Status ModerateContent(const Caller& caller,
                               const v1::ModerateContentRequest& request,
                               v1::ModerateContentResponse* response);
  absl::Status ReportContent(const Caller& caller,
                             const v1::ReportContentRequest& request,
                             v1::ReportContentResponse* response);
  absl::Status ReplyToContent(const Caller& caller,
                              const v1::ReplyToContentRequest& request,
                              v1::ReplyToContentResponse* response);

  // Engagement (engagement.cc).
  absl::Status UpdateEngagement(const Caller& caller,
                                const v1::UpdateEngagementRequest& request,
                                v1::UpdateEngagementResponse* response);

  // Streams (streams.cc). StartWatch checks the request and sends the
  // replay to `replay`; live changes then come from the returned watcher.
  absl::StatusOr<std::shared_ptr<Watcher>> StartWatch(
      const Caller& caller, const v1::WatchCampaignContentRequest& request,
      std::vector<v1::WatchCampaignContentResponse>* replay);
  void EndWatch(const Caller& caller, const Watcher* watcher);
  // Ends every live stream with UNAVAILABLE (shutdown).
  void CloseStreams() { watchers_.CloseAll(); }
  absl::Status SyndicationFeed(
      const Caller& caller, const v1::StreamSyndicationFeedRequest& request,
      std::vector<v1::StreamSyndicationFeedResponse>* entries);

  // Events of recruitment and dispatch (event_intake.cc).
  absl::Status IngestEvents(const Caller& caller,
                            const common::v1::IngestEventsRequest& request,
                            common::v1::IngestEventsResponse* response);

  // Asks dispatch again about content it could not verify (verification.cc);
  // the background thread calls it every `reverify_every`. Returns how many
  // were settled.
  absl::StatusOr<int> ReverifyPending(int limit);

  // Publishes to this process's streams what other replicas committed
  // (other_replicas.cc); the background thread calls it every kFollowEvery.
  absl::Status FollowOtherReplicas();
  static constexpr absl::Duration kFollowEvery = absl::Milliseconds(250);

 private:
  // Loads content the caller may see; NOT_FOUND otherwise.
  absl::StatusOr<v1::Content> LoadVisible(sql::Connection& tx,
                                          const Caller& caller,
                                          absl::string_view content_id);
  // Stores a change of `before` into `after` with its ContentModerated event
  // when the status or reasons moved, and publishes it once committed.
  absl::Status Change(sql::Connection& tx, const v1::Content& before,
                      const v1::Content& after, v1::ContentChange change);
  // Sets the verification of the author's content of the campaign
  // (`delivery` known), re-moderating what PRODUCT_NOT_RECEIVED held.
  absl::Status SetDelivery(sql::Connection& tx, const std::string& campaign_id,
                           const std::string& ambassador_id, Delivery delivery);
  absl::Status ApplyEvent(sql::Connection& tx, const common::v1::Event& event);
  absl::Status EraseAuthor(sql::Connection& tx,
                           const std::string& ambassador_id);
  void ReverifyLoop();
  void FollowLoop();

  sql::Database& db_;
  const events::Outbox& outbox_;
  ReceiptCheck& receipts_;
  AuthorTiers& tiers_;
  const UgcPolicy policy_;
  // policy_'s lists, folded once instead of at every submission.
  const DisclosureMarkers disclosure_markers_;
  const BannedWords banned_words_;
  idempotency::OnceWriter writer_;
  events::EventIntake intake_;
  Watchers watchers_;
  absl::Notification stopping_;
  std::thread reverifier_;
  // Owned by the follower thread: the last outbox sequence it read; -1
  // before its first read.
  int64_t followed_sequence_ = -1;
  std::thread follower_;
};

}  // namespace nanoinfluence::ugc
