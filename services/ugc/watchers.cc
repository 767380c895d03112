#include "services/ugc/watchers.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/validation/timestamps.h"

namespace nanoinfluence::ugc {

bool Watcher::Wants(common::v1::ContentStatus status) const {
  return statuses_.empty() || std::find(statuses_.begin(), statuses_.end(),
                                        status) != statuses_.end();
}

void Watcher::ChangeAndNotify(absl::FunctionRef<bool()> change) {
  std::function<void()> on_ready;
  {
    absl::MutexLock lock(&mu_);
    if (!change()) return;
    on_ready = on_ready_;
    if (on_ready) ++running_callbacks_;
  }
  if (!on_ready) return;
  on_ready();
  absl::MutexLock lock(&mu_);
  --running_callbacks_;
}

bool Watcher::Push(v1::WatchCampaignContentResponse message) {
  ChangeAndNotify([&] {
    if (overflowed_) return false;
    if (queue_.size() >= capacity_) {
      overflowed_ = true;
    } else {
      queue_.push_back(std::move(message));
    }
    return true;
  });
  absl::MutexLock lock(&mu_);
  return !overflowed_;
}

void Watcher::Detach() {
  absl::MutexLock lock(&mu_);
  on_ready_ = nullptr;
  mu_.Await(absl::Condition(
      +[](int* running) { return *running == 0; }, &running_callbacks_));
}

bool Watcher::Pop(v1::WatchCampaignContentResponse* message, bool* overflowed) {
  absl::MutexLock lock(&mu_);
  *overflowed = overflowed_;
  if (overflowed_ || queue_.empty()) return false;
  *message = std::move(queue_.front());
  queue_.pop_front();
  return true;
}

bool Watcher::overflowed() {
  absl::MutexLock lock(&mu_);
  return overflowed_;
}

bool Watcher::closed() {
  absl::MutexLock lock(&mu_);
  return closed_;
}

void Watcher::Close() {
  ChangeAndNotify([&] {
    closed_ = true;
    return true;
  });
}

void Watcher::SetOnReady(std::function<void()> on_ready) {
  absl::MutexLock lock(&mu_);
  on_ready_ = std::move(on_ready);
}

absl::StatusOr<std::shared_ptr<Watcher>> Watchers::Open(
    const std::string& caller_key, std::string campaign_id,
    std::vector<int> statuses) {
  absl::MutexLock lock(&mu_);
  int& open = open_by_caller_[caller_key];
  if (open >= kMaxStreamsPerCaller) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "at most ", kMaxStreamsPerCaller, " open streams per caller"));
  }
  ++open;
  auto watcher =
      std::make_shared<Watcher>(campaign_id, std::move(statuses), kBuffer);
  by_campaign_[campaign_id].push_back({caller_key, watcher});
  return watcher;
}

void Watchers::Close(const std::string& caller_key, const Watcher* watcher) {
  absl::MutexLock lock(&mu_);
  auto it = by_campaign_.find(watcher->campaign_id());
  if (it != by_campaign_.end()) {
    auto& entries = it->second;
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [&](const Entry& e) {
                                   return e.watcher.get() == watcher;
                                 }),
                  entries.end());
    if (entries.empty()) by_campaign_.erase(it);
  }
  if (--open_by_caller_[caller_key] <= 0) open_by_caller_.erase(caller_key);
}

void Watchers::CloseAll() {
  std::vector<std::shared_ptr<Watcher>> all;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [campaign, entries] : by_campaign_) {
      for (const Entry& entry : entries) all.push_back(entry.watcher);
    }
  }
  for (const auto& watcher : all) watcher->Close();
}

bool Watchers::AnyOpen() {
  absl::MutexLock lock(&mu_);
  return !by_campaign_.empty();
}

bool Watchers::Watching(const std::string& campaign_id) {
  absl::MutexLock lock(&mu_);
  return by_campaign_.contains(campaign_id);
}

bool Watchers::PublishedHere(int64_t event_sequence) {
  absl::MutexLock lock(&mu_);
  return published_here_.contains(event_sequence);
}

void Watchers::ForgetPublishedUpTo(int64_t event_sequence) {
  absl::MutexLock lock(&mu_);
  published_here_.erase(published_here_.begin(),
                        published_here_.upper_bound(event_sequence));
}

void Watchers::Publish(v1::ContentChange change, const v1::Content& content,
                       int64_t event_sequence) {
  std::vector<std::shared_ptr<Watcher>> targets;
  {
    absl::MutexLock lock(&mu_);
    if (event_sequence > 0) published_here_.insert(event_sequence);
    auto it = by_campaign_.find(content.campaign_id());
    if (it == by_campaign_.end()) return;
    for (const Entry& entry : it->second) {
      if (entry.watcher->Wants(content.status())) {
        targets.push_back(entry.watcher);
      }
    }
  }
  v1::WatchCampaignContentResponse message;
  message.set_change(change);
  *message.mutable_content() = content;
  *message.mutable_occurred_at() = content.updated_at();
  for (const auto& watcher : targets) watcher->Push(message);
}

}  // namespace nanoinfluence::ugc
