// Opens the HTML export of a realistic report in headless Chromium: the
// page must parse with every chart as an SVG element, log no console error
// and render to a screenshot, left in <build>/test-artifacts/ to look at.
//
// Needs the `chromium` package (/usr/bin/chromium). Chromium runs as root
// in CI containers, hence --no-sandbox; each run gets its own profile
// folder, removed with the test's temporary folder.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/harness/subprocess.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::kpi {
namespace {

using ::nanoinfluence::testing::Subprocess;
using ::nanoinfluence::testing::TempDir;

constexpr char kChromium[] = "/usr/bin/chromium";

constexpr const char* kChartIds[] = {"chart-funnel", "chart-content-per-day",
                                     "chart-rating-distribution",
                                     "chart-tier-breakdown", "chart-uplift"};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

struct Finished {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs `argv` to completion with stdout and stderr in separate files of
// `dir` (Subprocess sends both to one log, so a shell splits them).
Finished RunToEnd(const std::vector<std::string>& argv, const TempDir& dir,
                  const std::string& name) {
  const std::string out = dir.File(name + ".stdout");
  const std::string err = dir.File(name + ".stderr");
  std::vector<std::string> shell = {
      "/bin/sh", "-c", "out=$1; shift; exec \"$@\" >\"$out\"", "sh", out};
  shell.insert(shell.end(), argv.begin(), argv.end());
  auto process = Subprocess::Start(shell, err);
  Finished run;
  if (!process.ok()) {
    run.stderr_text = std::string(process.status().message());
    return run;
  }
  run.exit_code = (*process)->Wait();
  run.stdout_text = ReadFile(out);
  run.stderr_text = ReadFile(err);
  return run;
}

// Chromium flags for a quiet, self-contained headless run; logging on
// stderr carries the page's console messages ("...:CONSOLE:1] ...").
std::vector<std::string> Chromium(const std::string& profile_dir) {
  return {kChromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--hide-scrollbars",
          "--no-first-run",
          "--no-default-browser-check",
          "--disable-extensions",
          "--disable-crash-reporter",
          "--enable-logging=stderr",
          "--v=0",
          absl::StrCat("--user-data-dir=", profile_dir)};
}

// Lines of Chromium's log that relay a console message of the page.
std::vector<std::string> ConsoleLines(const std::string& log) {
  static const std::regex kConsole(R"re(CONSOLE[:(])re");
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    const std::string text(line);
    if (std::regex_search(text, kConsole)) lines.push_back(text);
  }
  return lines;
}

std::string FileUrl(const std::string& path) {
  return absl::StrCat("file://", std::filesystem::absolute(path).string());
}

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(kChromium))
        << kChromium << " is missing: install the `chromium` package "
        << "(tools/install-deps lists it)";
    std::filesystem::create_directories(KPI_EXPORT_ARTIFACTS);
  }

  TempDir dir_;
};

TEST_F(BrowserTest, ChromiumParsesRendersAndLogsNoConsoleError) {
  const std::string html =
      absl::StrCat(KPI_EXPORT_ARTIFACTS, "/kpi-report.html");
  const std::string csv = absl::StrCat(KPI_EXPORT_ARTIFACTS, "/kpi-report.csv");
  const std::string png = absl::StrCat(KPI_EXPORT_ARTIFACTS, "/kpi-report.png");
  std::filesystem::remove(png);

  const Finished fixture =
      RunToEnd({KPI_EXPORT_FIXTURE, html, csv}, dir_, "fixture");
  ASSERT_EQ(fixture.exit_code, 0) << fixture.stderr_text;

  // 1. The DOM as Chromium parsed it: the charts are SVG elements.
  std::vector<std::string> dump = Chromium(dir_.File("profile-dom"));
  dump.insert(dump.end(), {"--dump-dom", FileUrl(html)});
  const Finished dom = RunToEnd(dump, dir_, "dump-dom");
  ASSERT_EQ(dom.exit_code, 0) << dom.stderr_text;
  for (const char* id : kChartIds) {
    const std::regex svg(absl::StrCat("<svg id=\"", id, "\"[^>]*>\\s*<title"));
    EXPECT_TRUE(std::regex_search(dom.stdout_text, svg))
        << id << " is not an <svg> element of the parsed page";
  }
  EXPECT_EQ(dom.stdout_text.find("<parsererror"), std::string::npos);
  EXPECT_THAT(ConsoleLines(dom.stderr_text), ::testing::IsEmpty())
      << dom.stderr_text;

  // 2. The screenshot.
  std::vector<std::string> shot = Chromium(dir_.File("profile-shot"));
  shot.insert(shot.end(), {absl::StrCat("--screenshot=", png),
                           "--window-size=1280,3000", FileUrl(html)});
  const Finished screenshot = RunToEnd(shot, dir_, "screenshot");
  ASSERT_EQ(screenshot.exit_code, 0) << screenshot.stderr_text;
  EXPECT_THAT(ConsoleLines(screenshot.stderr_text), ::testing::IsEmpty())
      << screenshot.stderr_text;
  ASSERT_TRUE(std::filesystem::exists(png)) << screenshot.stderr_text;
  const std::string image = ReadFile(png);
  EXPECT_TRUE(image.starts_with("\x89PNG\r\n\x1a\n"));
  // A blank 1280x3000 page compresses to a few kB; charts and text to far
  // more.
  EXPECT_GT(image.size(), 100'000u);
  std::cout << "screenshot: " << png << "\npage: " << html << std::endl;
}

// The console check above could pass by never matching: a page that logs
// an error must be caught by it.
TEST_F(BrowserTest, ConsoleErrorsOfAPageAreSeen) {
  const std::string page = dir_.File("console.html");
  std::ofstream(page) << "<!DOCTYPE html><title>t</title><script>"
                         "console.error('export-test-marker');</script>";
  std::vector<std::string> dump = Chromium(dir_.File("profile"));
  dump.insert(dump.end(), {"--dump-dom", FileUrl(page)});
  const Finished run = RunToEnd(dump, dir_, "console");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_THAT(ConsoleLines(run.stderr_text),
              ::testing::Contains(::testing::HasSubstr("export-test-marker")))
      << run.stderr_text;
}

}  // namespace
}  // namespace nanoinfluence::kpi
