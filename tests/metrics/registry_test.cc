// The metrics registry and its text rendering, the process series, the HTTP
// endpoint on civetweb, and the database errors counted by kind: what a
// scrape shows, read back with the tests' own exposition parser.
#include "libs/metrics/registry.h"

#include <cmath>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/metrics/metrics_http_server.h"
#include "libs/metrics/process_metrics.h"
#include "libs/sql/sqlite_database.h"
#include "tests/harness/temp_dir.h"
#include "tests/metrics/exposition.h"

namespace nanoinfluence::metrics {
namespace {

using ::nanoinfluence::testing::Exposition;
using ::nanoinfluence::testing::HttpGet;
using ::nanoinfluence::testing::ParseExposition;
using ::testing::HasSubstr;

Exposition Parse(Registry& registry) {
  absl::StatusOr<Exposition> parsed = ParseExposition(registry.Render());
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : Exposition();
}

TEST(RegistryTest, CounterRendersHelpTypeAndEscapedLabels) {
  Registry registry;
  auto& requests = registry.AddCounter(
      "test_requests_total", "Requests.\nBy \\ method.", {"method", "code"});
  requests.WithLabels({"Get\"Tier\\\nx", "OK"}).Increment(2);
  requests.WithLabels({"Get\"Tier\\\nx", "OK"}).Increment();
  requests.WithLabels({"List", "NOT_FOUND"}).Increment();

  const std::string text = registry.Render();
  EXPECT_EQ(text,
            "# HELP test_requests_total Requests.\\nBy \\\\ method.\n"
            "# TYPE test_requests_total counter\n"
            "test_requests_total{method=\"Get\\\"Tier\\\\\\nx\",code=\"OK\"} "
            "3\n"
            "test_requests_total{method=\"List\",code=\"NOT_FOUND\"} 1\n");
  const Exposition parsed = Parse(registry);
  EXPECT_EQ(parsed.type.at("test_requests_total"), "counter");
  EXPECT_EQ(parsed.Value("test_requests_total",
                         {{"method", "Get\"Tier\\\nx"}, {"code", "OK"}}),
            3);
}

TEST(RegistryTest, AFamilyWithoutLabelsShowsZeroBeforeItsFirstEvent) {
  Registry registry;
  registry.AddCounter("test_misses_total", "Misses.");
  registry.AddGauge("test_queue_length", "Length.", {"queue"});
  const Exposition parsed = Parse(registry);
  EXPECT_EQ(parsed.Value("test_misses_total"), 0);
  // A labelled family has no child until one is asked for.
  EXPECT_TRUE(parsed.Find("test_queue_length").empty());
  EXPECT_EQ(parsed.type.at("test_queue_length"), "gauge");
}

TEST(RegistryTest, TheSameNameGivesTheSameFamily) {
  Registry registry;
  auto& first = registry.AddCounter("test_total", "T.", {"a"});
  auto& second = registry.AddCounter("test_total", "T.", {"a"});
  EXPECT_EQ(&first, &second);
  first.WithLabels({"x"}).Increment();
  EXPECT_EQ(second.WithLabels({"x"}).value(), 1u);
}

TEST(RegistryDeathTest, NamesTheFormatRefusesStopTheProcess) {
  Registry registry;
  EXPECT_DEATH(registry.AddCounter("1st_total", "T."), "not a metric name");
  EXPECT_DEATH(registry.AddCounter("ok_total", "T.", {"__reserved"}),
               "not a label name");
  EXPECT_DEATH(registry.AddHistogram("h_seconds", "H.", {"le"}, {1}),
               "not a label name");
  EXPECT_DEATH(registry.AddHistogram("h_seconds", "H.", {}, {1, 1}),
               "increasing");
  registry.AddCounter("clash", "T.");
  EXPECT_DEATH(registry.AddGauge("clash", "T."), "registered twice");
  EXPECT_DEATH(registry.AddCounter("clash", "T.", {"a"}), "registered twice");
  auto& family = registry.AddCounter("pairs_total", "T.", {"a", "b"});
  EXPECT_DEATH(family.WithLabels({"only one"}), "1 label values");
}

TEST(RegistryTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry registry;
  auto& latency = registry.AddHistogram("test_latency_seconds", "Latency.",
                                        {"method"}, {0.1, 1, 10});
  Histogram& get = latency.WithLabels({"Get"});
  // A value equal to a bound belongs to that bound's bucket ("le").
  for (double value : {0.05, 0.1, 0.5, 5.0, 50.0}) get.Observe(value);

  const Exposition parsed = Parse(registry);
  EXPECT_EQ(parsed.type.at("test_latency_seconds"), "histogram");
  const auto bucket = [&](const std::string& le) {
    return parsed.Value("test_latency_seconds_bucket",
                        {{"method", "Get"}, {"le", le}});
  };
  EXPECT_EQ(bucket("0.1"), 2);
  EXPECT_EQ(bucket("1"), 3);
  EXPECT_EQ(bucket("10"), 4);
  EXPECT_EQ(bucket("+Inf"), 5);
  EXPECT_EQ(parsed.Value("test_latency_seconds_count", {{"method", "Get"}}), 5);
  EXPECT_DOUBLE_EQ(
      *parsed.Value("test_latency_seconds_sum", {{"method", "Get"}}), 55.65);
  EXPECT_THAT(
      registry.Render(),
      HasSubstr("test_latency_seconds_bucket{method=\"Get\",le=\"+Inf\"}"
                " 5\n"));
}

TEST(RegistryTest, GaugesGoUpAndDown) {
  Registry registry;
  Gauge& gauge = registry.AddGauge("test_level", "Level.").Get();
  gauge.Set(2.5);
  gauge.Add(-4);
  EXPECT_EQ(Parse(registry).Value("test_level"), -1.5);
}

TEST(RegistryTest, ValuesAreWrittenAsTheFormatWantsThem) {
  EXPECT_EQ(FormatValue(3), "3");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(0.0005), "0.0005");
  EXPECT_EQ(FormatValue(1e21), "1e+21");
  EXPECT_EQ(FormatValue(1e-7), "1e-07");
  EXPECT_EQ(FormatValue(26632192), "26632192");
  EXPECT_EQ(FormatValue(1795702659.6926856), "1795702659.6926856");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(INFINITY), "+Inf");
  EXPECT_EQ(FormatValue(-INFINITY), "-Inf");
  EXPECT_EQ(FormatValue(NAN), "NaN");
}

TEST(RegistryTest, ConcurrentUpdatesAreAllCounted) {
  Registry registry;
  auto& counter = registry.AddCounter("test_events_total", "E.", {"thread"});
  auto& histogram =
      registry.AddHistogram("test_seconds", "S.", {}, LatencyBuckets());
  constexpr int kThreads = 8;
  constexpr int kEach = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Half the lookups race to create the shared child.
        counter.WithLabels({i % 2 == 0 ? "shared" : std::to_string(t)})
            .Increment();
        histogram.Get().Observe(0.001 * (i % 100));
      }
    });
  }
  // Scrapes while the updates run.
  for (int i = 0; i < 20; ++i) ParseExposition(registry.Render()).IgnoreError();
  for (std::thread& thread : threads) thread.join();

  const Exposition parsed = Parse(registry);
  EXPECT_EQ(parsed.Value("test_events_total", {{"thread", "shared"}}),
            kThreads * kEach / 2);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(
        parsed.Value("test_events_total", {{"thread", std::to_string(t)}}),
        kEach / 2);
  }
  EXPECT_EQ(parsed.Value("test_seconds_count"), kThreads * kEach);
}

TEST(RegistryTest, CollectorsRunAtEachRenderUntilTheirHandleGoes) {
  Registry registry;
  Gauge& gauge = registry.AddGauge("test_pending", "Pending.").Get();
  int runs = 0;
  {
    CollectorHandle handle = registry.AddCollector([&] { gauge.Set(++runs); });
    EXPECT_EQ(Parse(registry).Value("test_pending"), 1);
    CollectorHandle moved = std::move(handle);
    EXPECT_EQ(Parse(registry).Value("test_pending"), 2);
  }
  EXPECT_EQ(Parse(registry).Value("test_pending"), 2);
  EXPECT_EQ(runs, 2);
}

TEST(ProcessMetricsTest, ResidentMemoryOpenFilesAndStartTime) {
  Registry registry;
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  CollectorHandle process = AddProcessMetrics(registry);
  const Exposition parsed = Parse(registry);
  EXPECT_GT(*parsed.Value("process_resident_memory_bytes"), 1 << 20);
  EXPECT_GE(*parsed.Value("process_open_fds"), 3);
  EXPECT_NEAR(*parsed.Value("process_start_time_seconds"), now, 60);
}

TEST(MetricsHttpServerTest, ServesTheRegistryAtSlashMetricsOnly) {
  Registry registry;
  registry.AddCounter("test_scraped_total", "Scrapes.").Get().Increment(7);
  auto server = MetricsHttpServer::Start("127.0.0.1:0", registry);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);
  const std::string address = (*server)->address();

  auto response = HttpGet(address, "/metrics");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->headers["content-type"],
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(response->body, registry.Render());

  auto head = HttpGet(address, "/metrics", "HEAD");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");
  for (const char* path : {"/", "/metrics/x", "/metricsx", "/etc/passwd"}) {
    auto other = HttpGet(address, path);
    ASSERT_TRUE(other.ok()) << other.status();
    EXPECT_EQ(other->status, 404) << path;
  }
  auto post = HttpGet(address, "/metrics", "POST");
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->status, 405);
}

TEST(MetricsHttpServerTest, ABadOrBusyAddressIsRefused) {
  Registry registry;
  EXPECT_EQ(MetricsHttpServer::Start("9101", registry).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      MetricsHttpServer::Start("127.0.0.1:70000", registry).status().code(),
      absl::StatusCode::kInvalidArgument);
  auto first = MetricsHttpServer::Start("127.0.0.1:0", registry);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = MetricsHttpServer::Start((*first)->address(), registry);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable)
      << second.status();
}

TEST(DatabaseErrorsTest, AreCountedByKindInTheDefaultRegistry) {
  testing::TempDir dir;
  auto db = sql::OpenSqlite({.path = dir.File("errors.db")});
  ASSERT_TRUE(db.ok()) << db.status();
  const auto count = [](const std::string& kind) {
    return Parse(DefaultRegistry())
        .Value("nanoinfluence_database_errors_total", {{"kind", kind}});
  };
  // Every kind is there, at its count so far, from the first open.
  for (const char* kind : {"busy", "io", "unique", "constraint", "disk_full",
                           "corrupt", "bad_sql", "other"}) {
    EXPECT_TRUE(count(kind).has_value()) << kind;
  }
  const double unique = *count("unique");
  const double bad_sql = *count("bad_sql");
  ASSERT_TRUE(
      (*db)
          ->Transact(sql::TxMode::kWrite,
                     [](sql::Connection& c) {
                       return c.Execute("CREATE TABLE t (id TEXT PRIMARY KEY)")
                           .status();
                     })
          .ok());
  const auto insert = [&] {
    return (*db)->Transact(sql::TxMode::kWrite, [](sql::Connection& c) {
      return c.Execute("INSERT INTO t (id) VALUES ('a')").status();
    });
  };
  ASSERT_TRUE(insert().ok());
  EXPECT_EQ(insert().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ((*db)->Query("SELEC nothing").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(count("unique"), unique + 1);
  EXPECT_EQ(count("bad_sql"), bad_sql + 1);
}

}  // namespace
}  // namespace nanoinfluence::metrics
