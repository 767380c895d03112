// The demo's record of what it fed the suite, as the DemoSummary message
// (demo_summary.proto), and as the JSON file tests read.
//
//   demo::v1::DemoSummary summary = Summarize(demo);
//   NANO_ASSIGN_OR_RETURN(std::string json, SummaryJson(summary));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/demo_context.h"
#include "tools/demo/demo_summary.pb.h"

namespace nanoinfluence::demo {

// Counts the ledger: every count comes from an answer of the services.
v1::DemoSummary Summarize(const DemoContext& demo);

// The summary as indented JSON (proto field names).
absl::StatusOr<std::string> SummaryJson(const v1::DemoSummary& summary);

}  // namespace nanoinfluence::demo
