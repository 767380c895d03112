// Sanitizer reports that a child process wrote to its log. In the
// tools/sanitize build every binary a test starts (servers, event nodes,
// tools) carries AddressSanitizer, LeakSanitizer and
// UndefinedBehaviorSanitizer; a report ends that process, but the test only
// sees a server gone or an exit code it may not check, and a leak report at
// a graceful exit comes after the test's last call. Subprocess looks for
// them whenever it reaps a child, and fails the running test on one.
//
//   std::string report = SanitizerReportIn(dir.File("kpi.log"));
//   EXPECT_EQ(report, "");
#pragma once

#include <cstdint>
#include <string>

namespace nanoinfluence::testing {

// The reports in the file from byte `from` on: the lines from the first
// report's start, at most `max_lines` of them; "" when there is none (or no
// file). A report starts with "==<pid>==ERROR: <Name>Sanitizer" (address,
// leak), "<path>:<line>:<column>: runtime error:" (undefined behaviour) or,
// when that was cut short, "SUMMARY: <Name>Sanitizer".
std::string SanitizerReportIn(const std::string& log_path, int64_t from = 0,
                              int max_lines = 60);

// The size of the file in bytes; 0 when it does not exist.
int64_t FileSizeOf(const std::string& path);

}  // namespace nanoinfluence::testing
