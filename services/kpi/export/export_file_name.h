// The file name ExportReport suggests for a report.
#pragma once

#include <string>

#include "nanoinfluence/kpi/v1/kpi_service.pb.h"
#include "nanoinfluence/kpi/v1/report.pb.h"

namespace nanoinfluence::kpi {

// "report-<campaign_id>-YYYYMMDD.csv" or ".html", the date being the UTC day
// of `report.as_of_time` (19700101 when unset). Characters of the campaign id
// other than ASCII letters, digits, '.', '_' and '-' become '_', so a hostile
// id cannot escape the name in a Content-Disposition header or a path.
// Formats other than CSV and HTML (rejected by the RPC before this is
// called) get no extension.
std::string ExportFileName(const v1::CampaignReport& report,
                           v1::ExportFormat format);

}  // namespace nanoinfluence::kpi
