// End to end: `tools/nanoctl up` starts the real suite (Redis and the four
// servers) on free ports in a temporary data directory, nano-demo drives a
// small campaign through it, and kpi's report must show exactly what the
// demo says it fed (its JSON summary, counted from the services' answers):
// the funnel, content by status, kind, platform and reason, ratings per
// SKU, reviews per page and the estimate they buy, online and offline
// reach, each for the campaign and each tier, and the uplift study. The
// same seed run again on the same suite feeds the same figures; a recount
// finds nothing to correct; `nanoctl down` leaves no process behind, and no
// server's log holds a sanitizer report (tools/sanitize).
//
// The tests share one suite and run in order.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/harness/sanitizer_report.h"
#include "tests/harness/subprocess.h"
#include "tests/harness/temp_dir.h"
#include "tools/demo/demo_summary.pb.h"
#include "tools/demo/report_differences.h"
#include "tools/nanoctl_client/local_suite.h"
#include "tools/nanoctl_client/unary_call.h"

namespace nanoinfluence::testing {
namespace {

using demo::CountOf;
using demo::v1::DemoSummary;
using kpi::v1::CampaignReport;
using kpi::v1::ReportFigures;

constexpr char kSeed[] = "7";
constexpr int kAmbassadors = 300;
constexpr int kTesters = 40;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

bool PortFree(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool free =
      bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return free;
}

// A base port N with N..N+4 free a moment ago (nanoctl refuses busy ones,
// and the caller then picks again).
int PickBasePort() {
  std::mt19937 random(std::random_device{}());
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int base = 20000 + static_cast<int>(random() % 39990);
    bool free = true;
    for (int i = 0; i < 5 && free; ++i) free = PortFree(base + i);
    if (free) return base;
  }
  return 0;
}

// Runs a program to its end; its exit code, its output appended to `log`.
int RunToEnd(const std::vector<std::string>& argv, const std::string& log) {
  auto process = Subprocess::Start(argv, log);
  if (!process.ok()) return -1;
  return (*process)->Wait();
}

std::string Tail(const std::string& log) {
  const std::string text = ReadFile(log);
  return text.size() > 6000 ? text.substr(text.size() - 6000) : text;
}

class DemoEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    setenv("NANO_BUILD_DIR", NANO_BUILD_DIR, 1);
    const std::string log = data_->File("nanoctl.log");
    for (int attempt = 0; attempt < 3 && !up_; ++attempt) {
      const int base = PickBasePort();
      up_ = base > 0 && RunToEnd({Nanoctl(), "up", "--data", data_->path(),
                                  "--base-port", absl::StrCat(base)},
                                 log) == 0;
    }
    if (!up_) return;
    tools::LocalSuiteOptions options;
    options.endpoints_file = data_->File("endpoints");
    options.token_keys.secret_file = data_->File("jwt-secret");
    auto suite = tools::LocalSuite::Open(options);
    if (suite.ok()) suite_ = new tools::LocalSuite(*std::move(suite));
  }

  static void TearDownTestSuite() {
    // Whatever happened, the suite goes (the last test checks that it
    // went cleanly).
    if (data_ != nullptr) {
      RunToEnd({Nanoctl(), "down", "--data", data_->path()},
               data_->File("nanoctl.log"));
    }
    delete suite_;
    suite_ = nullptr;
    delete data_;
    data_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(up_) << "nanoctl up failed:\n"
                     << Tail(data_->File("nanoctl.log"));
    ASSERT_NE(suite_, nullptr);
  }

  static std::string Nanoctl() {
    return absl::StrCat(NANO_SOURCE_DIR, "/tools/nanoctl");
  }

  // Runs the demo with the small sizes; its summary, or a failure.
  static void RunDemo(const std::string& name, DemoSummary* summary) {
    const std::string log = data_->File(name + ".log");
    const std::string json = data_->File(name + "-summary.json");
    const int code = RunToEnd(
        {absl::StrCat(NANO_BUILD_DIR, "/tools/demo/nano-demo"),
         "--data=" + data_->path(), absl::StrCat("--seed=", kSeed),
         absl::StrCat("--ambassadors=", kAmbassadors),
         absl::StrCat("--testers=", kTesters),
         "--html=" + data_->File(name + ".html"), "--summary_json=" + json},
        log);
    ASSERT_EQ(code, 0) << "nano-demo failed:\n" << Tail(log);
    google::protobuf::util::JsonParseOptions options;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadFile(json),
                                                            summary, options)
                    .ok())
        << ReadFile(json);
  }

  static CampaignReport Report(const std::string& campaign_id) {
    auto kpi = kpi::v1::KpiService::NewStub(suite_->Channel("kpi"));
    kpi::v1::GetCampaignReportRequest request;
    request.set_campaign_id(campaign_id);
    auto bearer = suite_->Bearer(
        tools::DevelopmentCaller(common::v1::ROLE_OPS, "", "", "e2e"));
    EXPECT_TRUE(bearer.ok());
    auto report = tools::UnaryCall(
        &kpi::v1::KpiService::Stub::GetCampaignReport, *kpi, *bearer, request);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : CampaignReport();
  }

  static TempDir* data_;
  static tools::LocalSuite* suite_;
  static bool up_;
  static DemoSummary first_;
};

TempDir* DemoEndToEnd::data_ = nullptr;
tools::LocalSuite* DemoEndToEnd::suite_ = nullptr;
bool DemoEndToEnd::up_ = false;
DemoSummary DemoEndToEnd::first_;

// Every scope of the report: the campaign, then each tier.
std::vector<std::pair<common::v1::Tier, const ReportFigures*>> Scopes(
    const CampaignReport& report) {
  std::vector<std::pair<common::v1::Tier, const ReportFigures*>> scopes = {
      {common::v1::TIER_UNSPECIFIED, &report.total()}};
  for (const auto& tier : report.by_tier()) {
    scopes.push_back({tier.tier(), &tier.figures()});
  }
  return scopes;
}

void ExpectFiguresMatch(const DemoSummary& fed, const CampaignReport& report) {
  ASSERT_EQ(report.by_tier_size(), 3);
  EXPECT_EQ(report.campaign_id(), fed.campaign_id());
  EXPECT_EQ(report.brand_id(), fed.brand_id());
  EXPECT_EQ(report.slots(), kTesters);
  for (const auto& [tier, figures] : Scopes(report)) {
    SCOPED_TRACE(common::v1::Tier_Name(tier));
    const kpi::v1::Funnel& funnel = figures->funnel();
    EXPECT_EQ(funnel.eligible(), CountOf(fed.funnel().eligible(), tier));
    EXPECT_EQ(funnel.applied(), CountOf(fed.funnel().applied(), tier));
    EXPECT_EQ(funnel.selected(), CountOf(fed.funnel().selected(), tier));
    EXPECT_EQ(funnel.allocated(), CountOf(fed.funnel().allocated(), tier));
    EXPECT_EQ(funnel.shipped(), CountOf(fed.funnel().shipped(), tier));
    EXPECT_EQ(funnel.delivered(), CountOf(fed.funnel().delivered(), tier));
    EXPECT_EQ(funnel.posted(), CountOf(fed.funnel().posted(), tier));
    // Only delivered testers' content is ever approved in the demo.
    if (funnel.delivered() > 0) {
      EXPECT_DOUBLE_EQ(
          funnel.completion_rate(),
          static_cast<double>(funnel.posted()) / funnel.delivered());
    }
    const kpi::v1::UgcSummary& ugc = figures->ugc();
    EXPECT_EQ(ugc.approved_total(), CountOf(fed.content().approved(), tier));
    EXPECT_EQ(ugc.pending_total(), CountOf(fed.content().pending(), tier));
    EXPECT_EQ(ugc.rejected_total(), CountOf(fed.content().rejected(), tier));
    const kpi::v1::OnlineReach& online = figures->online();
    const auto& social = fed.content().social();
    EXPECT_EQ(online.posts(), CountOf(social.posts(), tier));
    EXPECT_EQ(online.authors(), CountOf(social.authors(), tier));
    EXPECT_EQ(online.reach(), CountOf(social.reach(), tier));
    EXPECT_EQ(online.views(), CountOf(social.views(), tier));
    EXPECT_EQ(online.likes(), CountOf(social.likes(), tier));
    EXPECT_EQ(online.comments(), CountOf(social.comments(), tier));
    EXPECT_EQ(online.shares(), CountOf(social.shares(), tier));
    EXPECT_EQ(online.engagements(),
              online.likes() + online.comments() + online.shares());
    if (online.reach() > 0) {
      EXPECT_DOUBLE_EQ(
          online.engagement_rate(),
          static_cast<double>(online.engagements()) / online.reach());
    }
    const auto& told = fed.content().word_of_mouth();
    EXPECT_EQ(figures->offline().people_told(),
              CountOf(told.people_told(), tier));
    EXPECT_EQ(figures->offline().declarations(),
              CountOf(told.declarations(), tier));
    EXPECT_EQ(figures->offline().declarants(),
              CountOf(told.declarants(), tier));
  }

  const ReportFigures& total = report.total();
  std::map<std::pair<int, int>, int64_t> cells, fed_cells;
  for (const auto& cell : total.ugc().approved()) {
    cells[{cell.kind(), cell.platform()}] = cell.approved();
  }
  for (const auto& cell : fed.content().approved_by_kind()) {
    fed_cells[{cell.kind(), cell.platform()}] = cell.approved();
  }
  EXPECT_EQ(cells, fed_cells) << "approved content by kind and platform";
  std::map<int, int64_t> pending, fed_pending, rejected, fed_rejected;
  for (const auto& r : total.ugc().pending_reasons())
    pending[r.reason()] = r.items();
  for (const auto& r : fed.content().pending_reasons())
    fed_pending[r.reason()] = r.items();
  for (const auto& r : total.ugc().rejected_reasons())
    rejected[r.reason()] = r.items();
  for (const auto& r : fed.content().rejected_reasons())
    fed_rejected[r.reason()] = r.items();
  EXPECT_EQ(pending, fed_pending) << "pending reasons";
  EXPECT_EQ(rejected, fed_rejected) << "rejected reasons";

  ASSERT_EQ(total.ratings_size(), fed.content().ratings_size());
  for (int i = 0; i < total.ratings_size(); ++i) {
    const auto& kpi_sku = total.ratings(i);
    const auto& fed_sku = fed.content().ratings(i);
    EXPECT_EQ(kpi_sku.sku(), fed_sku.sku());
    const auto& d = kpi_sku.distribution();
    EXPECT_THAT(
        std::vector<int64_t>({d.one_star(), d.two_stars(), d.three_stars(),
                              d.four_stars(), d.five_stars()}),
        ::testing::ElementsAreArray(fed_sku.by_stars()));
    int64_t count = 0;
    for (int64_t n : fed_sku.by_stars()) count += n;
    EXPECT_EQ(kpi_sku.ratings(), count);
    EXPECT_NEAR(kpi_sku.average(), static_cast<double>(fed_sku.stars()) / count,
                1e-9);
  }

  // Reviews per page, each with the default curve's ESTIMATE: +30% at 50
  // reviews, linear below.
  const kpi::v1::ConversionEstimate& conversion = total.conversion();
  EXPECT_TRUE(conversion.is_estimate());
  EXPECT_EQ(conversion.curve().name(), "default");
  ASSERT_EQ(conversion.pages_size(), fed.content().pages_size());
  for (int i = 0; i < conversion.pages_size(); ++i) {
    const auto& page = conversion.pages(i);
    EXPECT_EQ(page.sku(), fed.content().pages(i).sku());
    EXPECT_EQ(page.platform(), fed.content().pages(i).platform());
    EXPECT_EQ(page.reviews(), fed.content().pages(i).reviews());
    EXPECT_EQ(page.target_reviews(), 50);
    EXPECT_DOUBLE_EQ(page.progress(), std::min(page.reviews() / 50.0, 1.0));
    EXPECT_NEAR(page.estimated_conversion_uplift(),
                0.30 * std::min(page.reviews() / 50.0, 1.0), 1e-12);
  }

  // The study: 12 exposed and 12 control stores, kpi's uplift the one
  // their sales imply, inside its 95% interval.
  ASSERT_EQ(report.uplift_studies_size(), 1);
  const auto& outcome = report.uplift_studies(0);
  EXPECT_EQ(outcome.study().study_id(), fed.uplift().study_id());
  ASSERT_TRUE(outcome.has_result()) << outcome.refusal_detail();
  const kpi::v1::UpliftResult& result = outcome.result();
  EXPECT_NEAR(result.uplift(), fed.uplift().uplift(), 1e-9);
  EXPECT_LE(result.ci_low(), result.uplift());
  EXPECT_GE(result.ci_high(), result.uplift());
  EXPECT_DOUBLE_EQ(result.confidence(), 0.95);
  EXPECT_EQ(fed.uplift().exposed_stores(), 12);
  EXPECT_EQ(fed.uplift().control_stores(), 12);
}

TEST_F(DemoEndToEnd, TheReportShowsWhatTheDemoFed) {
  RunDemo("first", &first_);
  ASSERT_FALSE(first_.campaign_id().empty());
  EXPECT_EQ(first_.run(), 0);

  // What the demo itself must have done, whatever the seed.
  const auto& funnel = first_.funnel();
  EXPECT_EQ(funnel.selected().total(), kTesters);
  EXPECT_EQ(funnel.selected().nano(), 28) << "70% of the slots to nano";
  EXPECT_EQ(funnel.selected().micro(), 12) << "30% of the slots to micro";
  EXPECT_EQ(funnel.allocated().total(), kTesters);
  EXPECT_EQ(funnel.shipped().total(), kTesters);
  EXPECT_GT(first_.dispatch().lost(), 0) << "a few parcels are lost";
  EXPECT_EQ(funnel.delivered().total(), kTesters - first_.dispatch().lost() -
                                            first_.dispatch().returned() +
                                            first_.dispatch().reshipped());
  EXPECT_EQ(first_.dispatch().tracking_rejected(), 0);
  EXPECT_GE(funnel.eligible().total(), funnel.applied().total());
  EXPECT_GT(funnel.posted().total(), 0);
  EXPECT_GT(first_.content().approved().total(), 0);
  EXPECT_GT(first_.content().moderator_rejected(), 0) << "the spam is rejected";
  EXPECT_GT(first_.content().social().views().total(), 0);
  EXPECT_GT(first_.content().word_of_mouth().people_told().total(), 0);

  const CampaignReport report = Report(first_.campaign_id());
  ExpectFiguresMatch(first_, report);

  // The HTML export the demo wrote: kpi's page with its charts.
  const std::string html = ReadFile(data_->File("first.html"));
  EXPECT_THAT(html, ::testing::HasSubstr("<html"));
  EXPECT_THAT(html, ::testing::HasSubstr("chart-funnel"));
  EXPECT_THAT(html, ::testing::HasSubstr("chart-uplift"));
  // The terminal table, printed by the demo.
  const std::string log = ReadFile(data_->File("first.log"));
  EXPECT_THAT(log, ::testing::HasSubstr("TEST FUNNEL"));
  EXPECT_THAT(log, ::testing::HasSubstr("ESTIMATE"));
  EXPECT_THAT(log, ::testing::HasSubstr("95% interval"));
}

TEST_F(DemoEndToEnd, TheSameSeedFeedsTheSameFiguresAgain) {
  ASSERT_FALSE(first_.campaign_id().empty()) << "the first run failed";
  DemoSummary second;
  RunDemo("second", &second);
  EXPECT_EQ(second.run(), 1) << "the brand's second demo campaign";
  EXPECT_NE(second.campaign_id(), first_.campaign_id());
  ExpectFiguresMatch(second, Report(second.campaign_id()));

  // The same community, choices and outcomes; only what depends on the
  // suite's earlier data differs: ids, the eligible count (the first
  // community is eligible too), times.
  DemoSummary a = first_, b = second;
  for (DemoSummary* s : {&a, &b}) {
    s->clear_run();
    s->clear_campaign_id();
    s->mutable_uplift()->clear_study_id();
    s->mutable_funnel()->clear_eligible();
    s->clear_phases();
    s->clear_total_seconds();
  }
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(a, b)) << differences;
  EXPECT_EQ(second.funnel().eligible().total(),
            2 * first_.funnel().eligible().total())
      << "the first community is still eligible";
}

TEST_F(DemoEndToEnd, ARecountFindsNothingToCorrect) {
  ASSERT_FALSE(first_.campaign_id().empty()) << "the first run failed";
  const std::string log = data_->File("recount.log");
  EXPECT_EQ(RunToEnd({Nanoctl(), "recount", first_.campaign_id(), "--data",
                      data_->path()},
                     log),
            0)
      << Tail(log);
  EXPECT_THAT(ReadFile(log), ::testing::HasSubstr("no difference"));
}

TEST_F(DemoEndToEnd, DownLeavesNoProcess) {
  std::vector<pid_t> pids;
  for (const char* name : {"redis", "recruitment", "dispatch", "ugc", "kpi"}) {
    const std::string pid =
        ReadFile(data_->File(absl::StrCat("pids/", name, ".pid")));
    pids.push_back(static_cast<pid_t>(std::atoi(pid.c_str())));
  }
  const std::string log = data_->File("down.log");
  ASSERT_EQ(RunToEnd({Nanoctl(), "down", "--data", data_->path()}, log), 0)
      << Tail(log);
  // Each server stopped on its SIGTERM: a SIGKILL would also skip the leak
  // check of a tools/sanitize build, which runs at that graceful exit.
  EXPECT_THAT(ReadFile(log), ::testing::Not(::testing::HasSubstr("SIGKILL")));
  for (const char* name : {"recruitment", "dispatch", "ugc", "kpi"}) {
    const std::string server_log =
        data_->File(absl::StrCat("logs/", name, ".log"));
    EXPECT_EQ(SanitizerReportIn(server_log), "") << name;
  }
  for (pid_t pid : pids) {
    ASSERT_GT(pid, 0);
    // Gone, or a zombie waiting for a slow init to reap it.
    std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
    std::string line;
    if (std::getline(stat, line)) {
      const size_t close = line.rfind(')');
      EXPECT_EQ(line.substr(close + 2, 1), "Z") << "pid " << pid << " runs";
    }
  }
}

}  // namespace
}  // namespace nanoinfluence::testing
