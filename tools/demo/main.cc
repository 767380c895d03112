// nano-demo: drives one realistic campaign through the real gRPC APIs of a
// running suite (started by `tools/nanoctl up`), the way the ambassador
// app, the brand console, a 3PL, an ops moderator and a social-listening
// connector would, then waits until kpi shows what it did and prints the
// campaign's report.
//
//   nano-demo --data=.nano [--seed=1] [--ambassadors=3000] [--testers=200]
//             [--html=FILE] [--summary_json=FILE]
//
// `tools/nanoctl demo` runs it against the local suite. Every flag can also
// be set as NANO_<FLAG>.
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "libs/auth_flags/auth_flags.h"
#include "libs/flags/env_flags.h"
#include "tools/demo/demo.h"

ABSL_FLAG(std::string, data, "",
          "The suite's data directory (nanoctl up --data): its endpoints "
          "file, its development token secret, and reports/ for the output.");
ABSL_FLAG(std::string, endpoints, "",
          "The endpoints file, when not <data>/endpoints.");
ABSL_FLAG(uint64_t, seed, 1,
          "Same seed, same community, same choices, same figures (on a fresh "
          "suite).");
ABSL_FLAG(int, ambassadors, 3000, "Members of the community who sign up.");
ABSL_FLAG(int, testers, 200, "Testers the campaign wants (its slots).");
ABSL_FLAG(std::string, html, "",
          "Where to write kpi's HTML export (default "
          "<data>/reports/campaign-<id>.html).");
ABSL_FLAG(std::string, summary_json, "",
          "Where to write the JSON summary of what the demo fed (default "
          "<data>/reports/campaign-<id>-summary.json).");
ABSL_FLAG(int, parallelism, 16, "Calls in flight at once.");
ABSL_FLAG(absl::Duration, kpi_wait, absl::Minutes(3),
          "How long to wait for kpi's report to show what the demo did.");

namespace {

constexpr char kUsage[] =
    "usage: nano-demo --data=DIR [--seed=N] [--ambassadors=N] [--testers=N]\n"
    "                 [--html=FILE] [--summary_json=FILE] [--endpoints=FILE]\n"
    "                 [--parallelism=N] [--kpi_wait=3m]\n";

std::string DirectoryOf(const std::string& file) {
  const size_t slash = file.rfind('/');
  return slash == std::string::npos ? "." : file.substr(0, slash);
}

int UsageError(const char* message) {
  std::fprintf(stderr, "nano-demo: %s\n%s", message, kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace nanoinfluence;
  const std::vector<std::string> args =
      ParseFlagsWithEnvironment(argc, argv, kUsage);
  if (!args.empty()) return UsageError("unexpected arguments");
  demo::DemoOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.ambassadors = absl::GetFlag(FLAGS_ambassadors);
  options.testers = absl::GetFlag(FLAGS_testers);
  options.html_file = absl::GetFlag(FLAGS_html);
  options.summary_json_file = absl::GetFlag(FLAGS_summary_json);
  options.parallelism = absl::GetFlag(FLAGS_parallelism);
  options.kpi_wait = absl::GetFlag(FLAGS_kpi_wait);
  if (options.testers < 10 || options.testers > 100000) {
    return UsageError("--testers must be 10..100000");
  }
  if (options.ambassadors < 5 * options.testers) {
    return UsageError(
        "--ambassadors must be at least 5 x --testers, so that the quotas "
        "(70% nano, 30% micro) find enough applicants");
  }
  if (options.parallelism < 1 || options.parallelism > 256) {
    return UsageError("--parallelism must be 1..256");
  }

  tools::LocalSuiteOptions suite;
  const std::string data = absl::GetFlag(FLAGS_data);
  suite.endpoints_file = absl::GetFlag(FLAGS_endpoints);
  if (suite.endpoints_file.empty()) {
    if (data.empty()) return UsageError("--data or --endpoints is required");
    suite.endpoints_file = data + "/endpoints";
  }
  const std::string dir =
      data.empty() ? DirectoryOf(suite.endpoints_file) : data;
  suite.token_keys = TokenKeyFilesFromFlags();
  if (suite.token_keys.secret_file.empty() &&
      suite.token_keys.algorithm == "HS256") {
    suite.token_keys.secret_file = dir + "/jwt-secret";
  }
  suite.tls = TlsFilesFromFlags();
  return demo::RunDemo(options, suite, {.report_dir = dir + "/reports"});
}
