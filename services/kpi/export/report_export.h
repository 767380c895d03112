// The files ExportReport streams: a campaign report as one tidy CSV table or
// as a self-contained HTML page with inline SVG charts. Pure functions of
// their input, no database or network, so the RPC only gathers the input
// and cuts the bytes into chunks.
//
//   ExportInput input{.report = report, .content_per_day = days};
//   std::string bytes = format == v1::EXPORT_FORMAT_CSV ? RenderCsv(input)
//                                                       : RenderHtml(input);
//   response.set_file_name(ExportFileName(input.report, format));
#pragma once

#include "services/kpi/export/export_file_name.h"
#include "services/kpi/export/export_input.h"
#include "services/kpi/export/report_csv.h"
#include "services/kpi/export/report_html.h"
