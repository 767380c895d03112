#include "tests/metrics/service_log.h"

#include <algorithm>
#include <fstream>

namespace nanoinfluence::testing {

std::vector<std::string> LogLinesWith(const std::string& path,
                                      const std::vector<std::string>& parts) {
  std::vector<std::string> found;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (std::all_of(parts.begin(), parts.end(), [&](const std::string& part) {
          return line.find(part) != std::string::npos;
        })) {
      found.push_back(line);
    }
  }
  return found;
}

std::string MetricsAddressIn(const std::string& log_path) {
  constexpr char kKey[] = "\"metrics_address\":\"";
  for (const std::string& line :
       LogLinesWith(log_path, {"\"msg\":\"serving\"", kKey})) {
    const size_t start = line.find(kKey) + sizeof(kKey) - 1;
    return line.substr(start, line.find('"', start) - start);
  }
  return "";
}

}  // namespace nanoinfluence::testing
