// Sanitizer reports in a child's log: found at the start of a line in the
// sanitizers' own formats, not in a service's text that quotes one; only
// what this child wrote; and a child that wrote one fails the test that
// started it, as a report in the test's own process would.
#include "tests/harness/sanitizer_report.h"

#include <fstream>
#include <string>

#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "tests/harness/subprocess.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::testing {
namespace {

constexpr char kLeak[] =
    "==4242==ERROR: LeakSanitizer: detected memory leaks\n"
    "\n"
    "Direct leak of 24 byte(s) in 1 object(s) allocated from:\n"
    "    #0 0x4f2 in operator new(unsigned long)\n"
    "SUMMARY: AddressSanitizer: 24 byte(s) leaked in 1 allocation(s).\n";

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::app) << text;
}

TEST(SanitizerReportTest, FindsEachSanitizersReportFromItsFirstLine) {
  TempDir dir;
  Write(dir.File("leak.log"), std::string("{\"msg\":\"serving\"}\n") + kLeak);
  EXPECT_EQ(SanitizerReportIn(dir.File("leak.log")), kLeak);

  const std::string overflow =
      "services/kpi/uplift.cc:57:12: runtime error: signed integer overflow: "
      "2147483647 + 1 cannot be represented in type 'int'\n";
  Write(dir.File("ub.log"), "starting\n" + overflow);
  EXPECT_EQ(SanitizerReportIn(dir.File("ub.log")), overflow);

  const std::string use_after_free =
      "==77==ERROR: AddressSanitizer: heap-use-after-free on address 0x6\n";
  Write(dir.File("asan.log"), use_after_free);
  EXPECT_EQ(SanitizerReportIn(dir.File("asan.log")), use_after_free);

  // Only a summary survived (the process was killed while reporting).
  Write(dir.File("cut.log"), "SUMMARY: UndefinedBehaviorSanitizer: x\n");
  EXPECT_NE(SanitizerReportIn(dir.File("cut.log")), "");
}

TEST(SanitizerReportTest, TextThatOnlyQuotesAReportIsNone) {
  TempDir dir;
  Write(dir.File("service.log"),
        "{\"msg\":\"==1==ERROR: AddressSanitizer\"}\n"
        "{\"msg\":\"a.cc:1:2: runtime error: x\"}\n"
        "review body: SUMMARY: LeakSanitizer\n");
  EXPECT_EQ(SanitizerReportIn(dir.File("service.log")), "");
  EXPECT_EQ(SanitizerReportIn(dir.File("missing.log")), "");
}

TEST(SanitizerReportTest, ReadsFromTheGivenOffsetAndAtMostMaxLines) {
  TempDir dir;
  Write(dir.File("restarted.log"), kLeak);
  const int64_t second_run = FileSizeOf(dir.File("restarted.log"));
  Write(dir.File("restarted.log"), "{\"msg\":\"serving\"}\n");
  EXPECT_EQ(SanitizerReportIn(dir.File("restarted.log"), second_run), "");
  EXPECT_EQ(SanitizerReportIn(dir.File("restarted.log"), 0, 1),
            "==4242==ERROR: LeakSanitizer: detected memory leaks\n");
}

TEST(SanitizerReportTest, AChildThatWroteOneFailsTheTest) {
  TempDir dir;
  const std::string log = dir.File("child.log");
  // An earlier run's report in the same log is not this child's.
  Write(log, kLeak);
  auto clean = Subprocess::Start({"sh", "-c", "echo fine"}, log);
  ASSERT_TRUE(clean.ok());
  EXPECT_EQ((*clean)->Wait(), 0);

  auto reporting = Subprocess::Start(
      {"sh", "-c", "echo '==9==ERROR: AddressSanitizer: oops' >&2; exit 1"},
      log);
  ASSERT_TRUE(reporting.ok());
  EXPECT_NONFATAL_FAILURE((*reporting)->Wait(),
                          "wrote a sanitizer report to " + log);
}

}  // namespace
}  // namespace nanoinfluence::testing
