#include "services/kpi/kpi_grpc_service.h"

#include <algorithm>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence::kpi {
namespace {

// Bytes per ExportReport message (the contract allows up to 65,536).
constexpr size_t kChunkBytes = 64 * 1024;

std::vector<v1::ExportReportResponse> Chunks(const ExportFile& file) {
  std::vector<v1::ExportReportResponse> chunks;
  size_t offset = 0;
  do {
    v1::ExportReportResponse& chunk = chunks.emplace_back();
    if (offset == 0) {
      chunk.set_content_type(file.content_type);
      chunk.set_file_name(file.file_name);
      *chunk.mutable_as_of_time() = file.as_of_time;
    }
    const size_t size = std::min(kChunkBytes, file.bytes.size() - offset);
    chunk.set_chunk(file.bytes.substr(offset, size));
    chunk.set_offset(static_cast<int64_t>(offset));
    offset += size;
  } while (offset < file.bytes.size());
  chunks.back().set_last(true);
  chunks.back().set_total_bytes(static_cast<int64_t>(file.bytes.size()));
  return chunks;
}

// One WatchCampaignReport call: the first report at once, then what the
// watchers hand it. Never holds its own lock while calling the watchers,
// which hold theirs while calling it.
class ReportWatch : public grpc::ServerWriteReactor<v1::CampaignReport> {
 public:
  ReportWatch(BlockingPool& pool, ReportWatchers& watchers, auth::Caller caller,
              const v1::WatchCampaignReportRequest& request)
      : watchers_(watchers) {
    pool.Run([this, caller = std::move(caller), &request] {
      v1::CampaignReport first;
      absl::StatusOr<std::shared_ptr<ReportWatchers::Stream>> stream =
          watchers_.Open(
              caller, request,
              {.send =
                   [this](const v1::CampaignReport& report) { Send(report); },
               .end = [this](const absl::Status& status) { End(status); }},
              &first);
      if (!stream.ok()) {
        End(stream.status());
      } else {
        stream_ = *std::move(stream);
        Send(first);
      }
      started_.Notify();
    });
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      End(absl::CancelledError("client gone"));
      return;
    }
    started_.WaitForNotification();
    if (stream_ != nullptr) watchers_.Sent(stream_.get());
  }
  void OnCancel() override { End(absl::CancelledError("cancelled")); }
  void OnDone() override {
    // A cancellation can end the call before the start ran on the pool.
    started_.WaitForNotification();
    if (stream_ != nullptr) watchers_.Close(stream_.get());
    delete this;
  }

 private:
  void Send(const v1::CampaignReport& report) {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    current_ = report;
    StartWrite(&current_);
  }
  void End(const absl::Status& status) {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    finished_ = true;
    Finish(ToGrpcStatus(status));
  }

  ReportWatchers& watchers_;
  absl::Notification started_;
  std::shared_ptr<ReportWatchers::Stream> stream_;
  absl::Mutex mu_;
  v1::CampaignReport current_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

KpiGrpcService::KpiGrpcService(ServiceContext& context,
                               v1::ConversionCurve default_curve)
    : handlers_(&context.handlers) {
  watchers_ = std::make_unique<ReportWatchers>(
      [this](const auth::Caller& caller,
             const v1::WatchCampaignReportRequest& request) {
        return core_->VisibleReport(caller, request.campaign_id(),
                                    request.has_conversion_curve()
                                        ? &request.conversion_curve()
                                        : nullptr,
                                    "conversion_curve");
      });
  core_ = std::make_unique<Kpi>(
      context.db, std::move(default_curve),
      [watchers = watchers_.get()](const std::vector<std::string>& campaigns) {
        watchers->Changed(campaigns);
      });
}

grpc::ServerWriteReactor<v1::ExportReportResponse>*
KpiGrpcService::ExportReport(grpc::CallbackServerContext* context,
                             const v1::ExportReportRequest* request) {
  return new ListOnPool<v1::ExportReportResponse>(
      *handlers_, [this, caller = auth::CallerOf(*context),
                   request](std::vector<v1::ExportReportResponse>* out) {
        absl::StatusOr<ExportFile> file = core_->ExportReport(caller, *request);
        if (!file.ok()) return file.status();
        *out = Chunks(*file);
        return absl::OkStatus();
      });
}

grpc::ServerWriteReactor<v1::CampaignReport>*
KpiGrpcService::WatchCampaignReport(
    grpc::CallbackServerContext* context,
    const v1::WatchCampaignReportRequest* request) {
  return new ReportWatch(*handlers_, *watchers_, auth::CallerOf(*context),
                         *request);
}

}  // namespace nanoinfluence::kpi
