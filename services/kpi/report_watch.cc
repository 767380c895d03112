#include "services/kpi/report_watch.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::kpi {

struct ReportWatchers::Stream {
  auth::Caller caller;
  v1::WatchCampaignReportRequest request;
  absl::Duration min_interval;
  Sink sink;
  // Guarded by the watchers' mutex.
  int64_t version_sent = 0;
  absl::Time last_push;
  absl::Time last_built;
  bool changed = false;
  bool writing = true;  // the first report
  bool closed = false;
};

namespace {

absl::StatusOr<absl::Duration> MinIntervalOf(
    const v1::WatchCampaignReportRequest& request) {
  if (!request.has_min_interval()) return absl::Seconds(2);
  const absl::Duration interval =
      absl::Seconds(request.min_interval().seconds()) +
      absl::Nanoseconds(request.min_interval().nanos());
  if (interval < absl::Seconds(1) || interval > absl::Minutes(10)) {
    return validation::InvalidField("min_interval", "must be 1 s..10 min");
  }
  return interval;
}

}  // namespace

ReportWatchers::ReportWatchers(BuildReport build)
    : build_(std::move(build)), pusher_([this] { PushLoop(); }) {}

ReportWatchers::~ReportWatchers() {
  CloseAll();
  pusher_.join();
}

absl::StatusOr<std::shared_ptr<ReportWatchers::Stream>> ReportWatchers::Open(
    const auth::Caller& caller, const v1::WatchCampaignReportRequest& request,
    Sink sink, v1::CampaignReport* first) {
  NANO_RETURN_IF_ERROR(
      validation::CheckUuid("campaign_id", request.campaign_id()));
  NANO_ASSIGN_OR_RETURN(absl::Duration interval, MinIntervalOf(request));
  auto stream = std::make_shared<Stream>();
  stream->caller = caller;
  stream->request = request;
  stream->min_interval = interval;
  stream->sink = std::move(sink);
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::UnavailableError("the server is shutting down");
    const auto held =
        std::count_if(streams_.begin(), streams_.end(), [&](const auto& other) {
          return other->caller.role == caller.role &&
                 other->caller.subject == caller.subject &&
                 other->caller.brand_id == caller.brand_id;
        });
    if (held >= kMaxPerCaller) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the caller already holds ", kMaxPerCaller, " open watch streams"));
    }
    // Registered before the first report is built, so a change committed
    // meanwhile is not missed.
    streams_.push_back(stream);
  }
  absl::StatusOr<v1::CampaignReport> report = build_(caller, request);
  absl::MutexLock lock(&mu_);
  if (!report.ok()) {
    std::erase(streams_, stream);
    return report.status();
  }
  *first = *std::move(report);
  stream->version_sent = first->version();
  stream->last_push = stream->last_built = absl::Now();
  return stream;
}

void ReportWatchers::Sent(Stream* stream) {
  absl::MutexLock lock(&mu_);
  stream->writing = false;
  wake_.Signal();
}

void ReportWatchers::Close(Stream* stream) {
  absl::MutexLock lock(&mu_);
  stream->closed = true;
  std::erase_if(streams_,
                [&](const auto& held) { return held.get() == stream; });
}

void ReportWatchers::Changed(const std::vector<std::string>& campaign_ids) {
  absl::MutexLock lock(&mu_);
  for (const auto& stream : streams_) {
    if (std::find(campaign_ids.begin(), campaign_ids.end(),
                  stream->request.campaign_id()) != campaign_ids.end()) {
      stream->changed = true;
    }
  }
  wake_.Signal();
}

void ReportWatchers::CloseAll() {
  // Under the lock, like every call of a sink: Close waits for it, so a
  // stream's reactor is never deleted while told.
  absl::MutexLock lock(&mu_);
  stopping_ = true;
  for (const auto& stream : streams_) {
    stream->closed = true;
    stream->sink.end(absl::UnavailableError(
        "the server is shutting down: reconnect to watch again"));
  }
  streams_.clear();
  wake_.Signal();
}

void ReportWatchers::PushLoop() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    // The streams due now, and when the next one will be.
    const absl::Time now = absl::Now();
    absl::Time next = absl::InfiniteFuture();
    std::vector<std::shared_ptr<Stream>> due;
    for (const auto& stream : streams_) {
      if (stream->writing) continue;
      absl::Time at = stream->last_push + stream->min_interval;
      if (!stream->changed) {
        at = std::max(at, stream->last_built + kRecheckEvery);
      }
      if (at <= now) {
        due.push_back(stream);
      } else {
        next = std::min(next, at);
      }
    }
    if (due.empty()) {
      wake_.WaitWithDeadline(&mu_, next);
      continue;
    }
    for (const auto& stream : due) {
      stream->changed = false;
      mu_.Unlock();
      absl::StatusOr<v1::CampaignReport> report =
          build_(stream->caller, stream->request);
      mu_.Lock();
      stream->last_built = absl::Now();
      if (stream->closed) continue;
      if (!report.ok()) {
        stream->closed = true;
        std::erase(streams_, stream);
        stream->sink.end(report.status());
        continue;
      }
      if (report->version() == stream->version_sent) continue;
      stream->version_sent = report->version();
      stream->last_push = absl::Now();
      stream->writing = true;
      stream->sink.send(*report);
    }
  }
}

}  // namespace nanoinfluence::kpi
