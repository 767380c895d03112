// A campaign report as one self-contained HTML page (EXPORT_FORMAT_HTML of
// kpi_service.proto) for a brand manager: a header with the campaign's
// facts, headline figures, then a section per part of the report with its
// chart (inline SVG, see report_charts.h) and tables.
//
// Self-contained: inline CSS, no script, no font, image, link or any other
// resource to load, so the file opens offline and cannot call home. Every
// text taken from the report (ids, SKUs, names, refusal details, the curve
// name) is HTML-escaped. Conversion uplifts are labelled as estimates with
// the curve's name. Times are UTC.
#pragma once

#include <string>

#include "services/kpi/export/export_input.h"

namespace nanoinfluence::kpi {

// Never fails: an empty or all-zero report renders with empty charts.
std::string RenderHtml(const ExportInput& input);

}  // namespace nanoinfluence::kpi
