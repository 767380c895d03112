// Reading a service process's JSON log lines in the metrics and request id
// tests.
#pragma once

#include <string>
#include <vector>

namespace nanoinfluence::testing {

// The lines of the log at `path` that contain every one of `parts`.
std::vector<std::string> LogLinesWith(const std::string& path,
                                      const std::vector<std::string>& parts);

// The metrics address the service's "serving" line names; "" until then.
std::string MetricsAddressIn(const std::string& log_path);

}  // namespace nanoinfluence::testing
