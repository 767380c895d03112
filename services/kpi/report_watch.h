// The streams of WatchCampaignReport. Each stream is pushed the campaign's
// report when a figure changed, at most once per its `min_interval`:
// changes within the interval merge into one push of the latest report, and
// a stream still writing is never handed another (a slow reader holds at
// most one report). One thread builds and hands out the reports.
//
// A change this process commits wakes the thread at once (Changed). One
// that another replica on the same database commits is found by rebuilding
// each idle stream's report every kRecheckEvery (from the report cache when
// its version did not move), so a stream sees every change whichever
// replica holds it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"
#include "nanoinfluence/kpi/v1/kpi_service.pb.h"

namespace nanoinfluence::kpi {

class ReportWatchers {
 public:
  // Streams one caller may hold open.
  static constexpr int kMaxPerCaller = 8;
  // How often an idle stream's report is rebuilt to catch changes other
  // replicas committed.
  static constexpr absl::Duration kRecheckEvery = absl::Seconds(2);

  // Builds the report a stream is pushed (tenancy checked each time).
  using BuildReport = std::function<absl::StatusOr<v1::CampaignReport>(
      const auth::Caller&, const v1::WatchCampaignReportRequest&)>;
  // How a stream is handed a report to write, and told it is over.
  struct Sink {
    std::function<void(const v1::CampaignReport&)> send;
    std::function<void(const absl::Status&)> end;
  };
  struct Stream;

  explicit ReportWatchers(BuildReport build);
  ~ReportWatchers();

  // Checks the request (INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED)
  // and opens a stream whose first report is `first` (to write now).
  absl::StatusOr<std::shared_ptr<Stream>> Open(
      const auth::Caller& caller, const v1::WatchCampaignReportRequest& request,
      Sink sink, v1::CampaignReport* first);
  // The stream's last write completed.
  void Sent(Stream* stream);
  // The client is gone; `sink` is not called again.
  void Close(Stream* stream);
  // Figures of these campaigns moved (after a commit).
  void Changed(const std::vector<std::string>& campaign_ids);
  // Ends every stream with UNAVAILABLE (shutdown); idempotent.
  void CloseAll();

 private:
  void PushLoop();

  const BuildReport build_;
  absl::Mutex mu_;
  absl::CondVar wake_;
  std::vector<std::shared_ptr<Stream>> streams_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread pusher_;
};

}  // namespace nanoinfluence::kpi
