#include "tools/nanoctl_client/report_export.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence::tools {

absl::StatusOr<ExportedReport> ExportReport(
    kpi::v1::KpiService::StubInterface& kpi, const std::string& bearer,
    const std::string& campaign_id, kpi::v1::ExportFormat format,
    absl::Duration deadline) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", bearer);
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  kpi::v1::ExportReportRequest request;
  request.set_campaign_id(campaign_id);
  request.set_format(format);
  auto reader = kpi.ExportReport(&context, request);
  ExportedReport file;
  kpi::v1::ExportReportResponse message;
  bool last = false;
  int64_t total_bytes = -1;
  std::string problem;
  while (reader->Read(&message)) {
    if (!message.content_type().empty())
      file.content_type = message.content_type();
    if (!message.file_name().empty()) file.file_name = message.file_name();
    if (problem.empty() &&
        message.offset() != static_cast<int64_t>(file.bytes.size())) {
      problem = absl::StrCat("chunk at offset ", message.offset(), " after ",
                             file.bytes.size(), " bytes");
    }
    file.bytes += message.chunk();
    if (message.last()) {
      last = true;
      total_bytes = message.total_bytes();
    }
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return FromGrpcStatus(status);
  if (problem.empty() && !last)
    problem = "the stream ended before its last message";
  if (problem.empty() &&
      total_bytes != static_cast<int64_t>(file.bytes.size())) {
    problem =
        absl::StrCat("got ", file.bytes.size(), " bytes of ", total_bytes);
  }
  if (!problem.empty()) {
    return absl::DataLossError(
        absl::StrCat("export of ", campaign_id, ": ", problem));
  }
  return file;
}

absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes) {
  const std::string temporary = absl::StrCat(path, ".tmp");
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot write ", temporary, ": ", std::strerror(errno)));
  }
  const bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed ||
      std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    return absl::InternalError(
        absl::StrCat("cannot write ", path, ": ", reason));
  }
  return absl::OkStatus();
}

}  // namespace nanoinfluence::tools
