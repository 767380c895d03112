// The style sheet of the HTML report, embedded in the page (no external
// style sheet or font: the page must render offline the same everywhere).
#pragma once

#include "absl/strings/string_view.h"

namespace nanoinfluence::kpi {

absl::string_view ReportCss();

}  // namespace nanoinfluence::kpi
