// Fetches a campaign report as a file through KpiService.ExportReport: the
// stream's chunks put back together in order, checked against the offsets
// and the total size the server announces, so a cut stream is an error and
// never half a file.
//
//   NANO_ASSIGN_OR_RETURN(ExportedReport file,
//                         ExportReport(*kpi, bearer, campaign_id,
//                                      kpi::v1::EXPORT_FORMAT_HTML));
//   NANO_RETURN_IF_ERROR(WriteFile("/tmp/report.html", file.bytes));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"

namespace nanoinfluence::tools {

struct ExportedReport {
  std::string content_type;
  // The server's suggested name, e.g. "report-<campaign>-20260131.html".
  std::string file_name;
  std::string bytes;
};

// The whole file, or the call's error (NOT_FOUND for an unknown campaign,
// UNAVAILABLE when kpi is down), or DATA_LOSS when the stream ended without
// its last message or a chunk is out of place.
absl::StatusOr<ExportedReport> ExportReport(
    kpi::v1::KpiService::StubInterface& kpi, const std::string& bearer,
    const std::string& campaign_id, kpi::v1::ExportFormat format,
    absl::Duration deadline = absl::Seconds(60));

// Writes `bytes` to `path` through a temporary file renamed into place, so
// a reader never sees half a file. INTERNAL naming the path on failure.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes);

}  // namespace nanoinfluence::tools
