// nano-demo's run: one realistic campaign through the real APIs of a
// running suite, phase by phase (phases.h), ending with kpi's report.
//
//   return RunDemo(options, suite_options);  // the process's exit code
#pragma once

#include <string>

#include "tools/demo/demo_context.h"
#include "tools/nanoctl_client/local_suite.h"

namespace nanoinfluence::demo {

// Where the HTML report and JSON summary go when DemoOptions leaves them
// empty: `report_dir`/campaign-<id>.html and -summary.json.
struct OutputDefaults {
  std::string report_dir;
};

// 0 when every phase ran and kpi showed what the demo did; 1 otherwise,
// after a message on stderr naming what failed.
int RunDemo(DemoOptions options, const tools::LocalSuiteOptions& suite,
            const OutputDefaults& defaults);

}  // namespace nanoinfluence::demo
