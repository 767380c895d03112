// Live changes of campaigns' content for WatchCampaignContent. Each stream
// has a bounded buffer: a change is queued and never waited for, so a slow
// client never slows a submission; a stream whose buffer is full is ended
// with RESOURCE_EXHAUSTED and reconnects with `since`.
//
// Changes are published after their commit by the process that made them,
// and by every other replica when it reads their events from the outbox
// (Ugc::FollowOtherReplicas): a watcher sees every replica's changes.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "nanoinfluence/ugc/v1/ugc_service.pb.h"

namespace nanoinfluence::ugc {

// One open stream's queue.
class Watcher {
 public:
  Watcher(std::string campaign_id, std::vector<int> statuses, size_t capacity)
      : campaign_id_(std::move(campaign_id)),
        statuses_(std::move(statuses)),
        capacity_(capacity) {}

  const std::string& campaign_id() const { return campaign_id_; }
  // Whether a change leaving content in `status` is for this stream.
  bool Wants(common::v1::ContentStatus status) const;

  // Queues a message; false (and the stream is to end) when full.
  bool Push(v1::WatchCampaignContentResponse message);
  // The next message, if any; `overflowed` tells that the buffer filled.
  bool Pop(v1::WatchCampaignContentResponse* message, bool* overflowed);
  // Called (outside the lock) whenever a message is queued.
  void SetOnReady(std::function<void()> on_ready);
  // Stops the calls to on_ready, waiting for one running now: after it,
  // the stream may be destroyed.
  void Detach();
  // Whether the buffer filled: the stream is to end RESOURCE_EXHAUSTED.
  bool overflowed();
  // Ends the stream with UNAVAILABLE (the server is shutting down).
  void Close();
  bool closed();

 private:
  // Runs `change` under the lock; when it returns true, calls on_ready
  // outside the lock, counted so that Detach can wait for the call.
  void ChangeAndNotify(absl::FunctionRef<bool()> change);

  const std::string campaign_id_;
  const std::vector<int> statuses_;
  const size_t capacity_;
  absl::Mutex mu_;
  std::deque<v1::WatchCampaignContentResponse> queue_ ABSL_GUARDED_BY(mu_);
  bool overflowed_ ABSL_GUARDED_BY(mu_) = false;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  std::function<void()> on_ready_ ABSL_GUARDED_BY(mu_);
  int running_callbacks_ ABSL_GUARDED_BY(mu_) = 0;
};

class Watchers {
 public:
  static constexpr size_t kBuffer = 256;
  static constexpr int kMaxStreamsPerCaller = 10;

  // A new stream for `caller_key` (role and id of the caller);
  // RESOURCE_EXHAUSTED when it already has kMaxStreamsPerCaller open.
  absl::StatusOr<std::shared_ptr<Watcher>> Open(const std::string& caller_key,
                                                std::string campaign_id,
                                                std::vector<int> statuses);
  void Close(const std::string& caller_key, const Watcher* watcher);

  // Sends a change of `content` (as ops and the brand see it) to the
  // campaign's watchers. `event_sequence`: the outbox event this process
  // committed with the change, so that following the outbox skips it.
  void Publish(v1::ContentChange change, const v1::Content& content,
               int64_t event_sequence = 0);
  // For following the outbox: whether anybody watches (a campaign), whether
  // this process published an event itself, and forgetting those events
  // once the follower has passed them.
  bool AnyOpen();
  bool Watching(const std::string& campaign_id);
  bool PublishedHere(int64_t event_sequence);
  void ForgetPublishedUpTo(int64_t event_sequence);
  // Ends every stream with UNAVAILABLE: clients reconnect with `since`.
  void CloseAll();

 private:
  struct Entry {
    std::string caller_key;
    std::shared_ptr<Watcher> watcher;
  };
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::vector<Entry>> by_campaign_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int> open_by_caller_ ABSL_GUARDED_BY(mu_);
  std::set<int64_t> published_here_ ABSL_GUARDED_BY(mu_);
};

}  // namespace nanoinfluence::ugc
