// The sustained-load tool (tools/bench/load_bench, `tools/bench/run load`)
// in its --quick form, so it cannot rot: 15 s of the mixed workload at a low
// offered rate with one kill -9, then the fault suite's invariants. It
// checks the tool's verdict and that its last line is the JSON object the
// docs describe; never a speed (a benchmark's figures vary with the
// machine).
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/harness/service_process.h"
#include "tests/harness/subprocess.h"
#include "tests/harness/temp_dir.h"

namespace nanoinfluence::testing {
namespace {

using google::protobuf::Struct;

std::string LastLine(const std::string& path) {
  std::ifstream in(path);
  std::string last;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) last = line;
  }
  return last;
}

TEST(LoadBenchSmokeTest, QuickRunHoldsTheInvariantsAndEndsWithJson) {
  TempDir dir;
  const std::string log = dir.File("load.log");
  auto run = Subprocess::Start(
      {absl::StrCat(NANO_BUILD_DIR, "/tools/bench/load_bench"), "--quick"},
      log);
  ASSERT_TRUE(run.ok()) << run.status();
  const int code = (*run)->Wait();
  EXPECT_EQ(code, 0) << TailOfFile(log, 60);

  Struct json;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(LastLine(log), &json).ok())
      << "last line is not JSON:\n"
      << TailOfFile(log, 20);
  const auto& fields = json.fields();
  for (const char* name :
       {"offered_per_s", "achieved_per_s", "ok_per_s", "p50_ms", "p99_ms",
        "p999_ms", "latency", "errors", "errors_by_rpc", "rss_growth_mib",
        "achieved_per_s_by_minute", "faults", "invariants_held"}) {
    EXPECT_TRUE(fields.contains(name)) << "no " << name;
  }
  ASSERT_TRUE(fields.contains("invariants_held"));
  EXPECT_TRUE(fields.at("invariants_held").bool_value());
  EXPECT_EQ(fields.at("offered_per_s").number_value(), 50);
  EXPECT_GT(fields.at("achieved_per_s").number_value(), 0);
  // The demo's write path took load: allocations were timed.
  ASSERT_TRUE(fields.contains("latency"));
  const auto& latency = fields.at("latency").struct_value().fields();
  ASSERT_TRUE(latency.contains("allocate_sample")) << TailOfFile(log, 30);
  EXPECT_GT(latency.at("allocate_sample")
                .struct_value()
                .fields()
                .at("calls")
                .number_value(),
            0);
  // Every service's memory was sampled (null: restarted too late to tell).
  ASSERT_TRUE(fields.contains("rss_growth_mib"));
  const auto& memory = fields.at("rss_growth_mib").struct_value().fields();
  for (const char* service : {"recruitment", "dispatch", "ugc", "kpi"}) {
    EXPECT_TRUE(memory.contains(service)) << "no memory for " << service;
  }
  // The one fault ran and the suite took it.
  ASSERT_TRUE(fields.contains("faults"));
  ASSERT_EQ(fields.at("faults").list_value().values_size(), 1);
  const std::string& fault =
      fields.at("faults").list_value().values(0).string_value();
  EXPECT_NE(fault.find("kill_dispatch"), std::string::npos) << fault;
  EXPECT_NE(fault.find(": ok"), std::string::npos) << fault;
}

}  // namespace
}  // namespace nanoinfluence::testing
