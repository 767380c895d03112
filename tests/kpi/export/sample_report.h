// A realistic campaign report three weeks into a product test: three SKUs,
// five platforms, all three tiers (whose counts add up to the total), 30
// days of content and two sales-uplift studies, one with a result and one
// refused. Used by the browser test and to eyeball the HTML page.
#pragma once

#include "services/kpi/export/export_input.h"

namespace nanoinfluence::kpi::testing {

ExportInput RealisticReport();

}  // namespace nanoinfluence::kpi::testing
