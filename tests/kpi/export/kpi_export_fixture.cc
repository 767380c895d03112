// Writes the HTML (and, with a second path, the CSV) export of the realistic
// sample report, for the browser test and for looking at the page:
//   kpi_export_fixture /tmp/report.html [/tmp/report.csv]
// Exit code 0 on success, 1 when a file cannot be written, 2 on bad usage.
#include <cstdio>
#include <fstream>
#include <string>

#include "services/kpi/export/report_export.h"
#include "tests/kpi/export/sample_report.h"

namespace {

bool WriteFile(const char* path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s <out.html> [<out.csv>]\n", argv[0]);
    return 2;
  }
  const nanoinfluence::kpi::ExportInput input =
      nanoinfluence::kpi::testing::RealisticReport();
  if (!WriteFile(argv[1], nanoinfluence::kpi::RenderHtml(input))) {
    std::fprintf(stderr, "cannot write %s\n", argv[1]);
    return 1;
  }
  if (argc == 3 && !WriteFile(argv[2], nanoinfluence::kpi::RenderCsv(input))) {
    std::fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
