#include "tests/harness/sanitizer_report.h"

#include <sys/stat.h>

#include <fstream>
#include <regex>

namespace nanoinfluence::testing {
namespace {

// Anchored to the start of the line, as the sanitizers print them, so that a
// service logging a user's text that merely mentions one is no report.
bool StartsReport(const std::string& line) {
  // Cheap tests first: logs of the fault tests run to megabytes.
  if (line.find("Sanitizer") == std::string::npos &&
      line.find("runtime error: ") == std::string::npos) {
    return false;
  }
  static const std::regex kReportStart(
      R"(^(==[0-9]+==ERROR: [A-Za-z]+Sanitizer|SUMMARY: [A-Za-z]+Sanitizer|)"
      R"([A-Za-z0-9_./+-]+:[0-9]+:[0-9]+: runtime error: ))");
  return std::regex_search(line, kReportStart);
}

}  // namespace

int64_t FileSizeOf(const std::string& path) {
  struct stat status {};
  if (stat(path.c_str(), &status) != 0) return 0;
  return static_cast<int64_t>(status.st_size);
}

std::string SanitizerReportIn(const std::string& log_path, int64_t from,
                              int max_lines) {
  std::ifstream in(log_path);
  if (!in) return "";
  in.seekg(from);
  std::string report;
  int lines = 0;
  for (std::string line; lines < max_lines && std::getline(in, line);) {
    if (lines == 0 && !StartsReport(line)) continue;
    report += line;
    report += '\n';
    ++lines;
  }
  return report;
}

}  // namespace nanoinfluence::testing
