// P7: exactly-once allocation under contention. 16 clients call
// AllocateSample for 10,000 distinct selected testers against one hot SKU
// holding half as many units, through the real dispatch server (which asks
// the real recruitment server for each tester and the tier cache in a real
// Redis); then the same against 1,000 SKUs spread. Reference in the same
// run: 16 threads doing raw single-row SQLite transactions (the conditional
// decrement alone, synchronous=FULL, WAL) on a file beside the server's.
//
//   tools/bench/run allocation [--quick]
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "libs/events/outbox.h"
#include "libs/validation/timestamps.h"
#include "nanoinfluence/dispatch/v1/dispatch_service.grpc.pb.h"
#include "tests/harness/free_port.h"
#include "tests/harness/redis_server.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"
#include "tools/bench/community_generator.h"
#include "tools/bench/raw_sqlite.h"
#include "tools/bench/tier_cache_warmer.h"

ABSL_FLAG(bool, quick, false, "1,000 attempts instead of 10,000.");
ABSL_FLAG(int, clients, 16, "Concurrent clients.");

namespace nanoinfluence::bench {
namespace {

namespace v1 = dispatch::v1;
using testing::OpsCaller;

constexpr int kSpreadSkus = 1000;

struct Outcome {
  int64_t allocated = 0;
  int64_t out_of_stock = 0;
  int64_t errors = 0;
  double seconds = 0;
};

// `clients` threads share the attempts: attempt i allocates to testers[i]
// the SKU sku_of(i).
template <typename SkuOf>
Outcome Race(const std::shared_ptr<grpc::Channel>& channel,
             const std::string& campaign_id,
             const std::vector<std::string>& testers, int clients,
             SkuOf sku_of) {
  std::atomic<size_t> next = 0;
  std::atomic<int64_t> allocated = 0, out_of_stock = 0, errors = 0;
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      auto stub = v1::DispatchService::NewStub(channel);
      for (size_t i = next++; i < testers.size(); i = next++) {
        v1::AllocateSampleRequest request;
        request.set_request_id(events::NewEventId());
        request.set_campaign_id(campaign_id);
        request.set_ambassador_id(testers[i]);
        request.set_sku(sku_of(i));
        grpc::ClientContext context;
        testing::AddBearer(context, OpsCaller());
        context.set_deadline(
            absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
        v1::AllocateSampleResponse response;
        const grpc::Status status =
            stub->AllocateSample(&context, request, &response);
        if (status.ok()) {
          ++allocated;
        } else if (status.error_code() ==
                   grpc::StatusCode::FAILED_PRECONDITION) {
          ++out_of_stock;
        } else {
          if (errors++ < 3) std::cerr << status.error_message() << "\n";
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return {allocated, out_of_stock, errors,
          absl::ToDoubleSeconds(absl::Now() - start)};
}

template <typename Request, typename Response, typename Method>
bool Call(v1::DispatchService::Stub& stub, Method method,
          const Request& request, const auth::Caller& caller) {
  grpc::ClientContext context;
  testing::AddBearer(context, caller);
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) std::cerr << status.error_message() << "\n";
  return status.ok();
}

int Run() {
  const bool quick = absl::GetFlag(FLAGS_quick);
  const int clients = absl::GetFlag(FLAGS_clients);
  const int attempts = quick ? 1'000 : 10'000;
  const int64_t hot_units = attempts / 2;

  // Two campaigns of `attempts` selected testers each, written with the
  // recruitment service's own storage code.
  testing::TempDir dir;
  const std::string recruitment_dir = dir.File("recruitment");
  const std::string dispatch_dir = dir.File("dispatch");
  std::filesystem::create_directories(recruitment_dir);
  std::filesystem::create_directories(dispatch_dir);
  const absl::Time generating = absl::Now();
  auto community = GenerateCommunity(recruitment_dir + "/recruitment.db",
                                     {.ambassadors = attempts * 6,
                                      .applicants = attempts,
                                      .slots = attempts,
                                      .campaigns = 2,
                                      .select_all = true});
  if (!community.ok() || community->applicants < attempts) {
    std::cerr << "generating testers failed: "
              << (community.ok() ? "too few applicants"
                                 : community.status().ToString())
              << "\n";
    return 1;
  }
  std::cout << absl::StrFormat(
      "generated 2 campaigns of %d selected testers in %.1f s\n", attempts,
      absl::ToDoubleSeconds(absl::Now() - generating));

  auto redis = testing::RedisServer::Start();
  auto recruitment_port = testing::PickFreePort();
  auto dispatch_port = testing::PickFreePort();
  if (!redis.ok() || !recruitment_port.ok() || !dispatch_port.ok()) {
    std::cerr << "redis or ports unavailable\n";
    return 1;
  }
  // Warm, as recruitment keeps it: the generated community bypassed it.
  if (const absl::Status warmed =
          WarmTierCache(recruitment_dir + "/recruitment.db", (*redis)->port());
      !warmed.ok()) {
    std::cerr << "warming the tier cache: " << warmed << "\n";
    return 1;
  }
  const std::vector<std::string> common_flags = {
      absl::StrCat("--redis=127.0.0.1:", (*redis)->port()),
      "--write_rate_per_second=1000000", "--write_burst=1000000",
      "--log_calls=false"};
  std::vector<std::string> recruitment_flags = common_flags;
  recruitment_flags.push_back(
      absl::StrCat("--listen=127.0.0.1:", *recruitment_port));
  recruitment_flags.push_back(
      absl::StrCat("--peers=dispatch=127.0.0.1:", *dispatch_port));
  std::vector<std::string> dispatch_flags = common_flags;
  dispatch_flags.push_back(absl::StrCat("--listen=127.0.0.1:", *dispatch_port));
  dispatch_flags.push_back(
      absl::StrCat("--peers=recruitment=127.0.0.1:", *recruitment_port));
  auto recruitment = testing::ServiceProcess::Start(
      "recruitment", recruitment_dir, recruitment_flags, {}, absl::Minutes(2));
  auto dispatch =
      testing::ServiceProcess::Start("dispatch", dispatch_dir, dispatch_flags);
  if (!recruitment.ok() || !dispatch.ok()) {
    std::cerr << (recruitment.ok() ? dispatch.status() : recruitment.status())
              << "\n";
    return 1;
  }
  auto stub = v1::DispatchService::NewStub((*dispatch)->channel());

  // The campaigns as recruitment's CampaignOpened would announce them (the
  // generator wrote no events).
  common::v1::IngestEventsRequest opened;
  opened.set_producer("recruitment");
  for (const std::string& id : community->campaign_ids) {
    common::v1::Event* event = opened.add_events();
    event->set_event_id(events::NewEventId());
    event->set_type("nanoinfluence.common.v1.CampaignOpened");
    event->set_aggregate_type("campaign");
    event->set_aggregate_id(id);
    event->set_producer("recruitment");
    event->set_sequence(opened.events_size());
    *event->mutable_occurred_at() = Stamp(absl::Now());
    event->mutable_campaign_opened()->set_campaign_id(id);
    event->mutable_campaign_opened()->set_brand_id(community->brand_id);
  }
  bool ready =
      Call<common::v1::IngestEventsRequest, common::v1::IngestEventsResponse>(
          *stub, &v1::DispatchService::Stub::IngestEvents, opened,
          testing::ServiceCaller("recruitment"));
  const std::string& hot_campaign = community->campaign_ids[0];
  const std::string& spread_campaign = community->campaign_ids[1];
  const auto set_stock = [&](const std::string& campaign,
                             const std::string& sku, int64_t units) {
    v1::SetStockRequest request;
    request.set_request_id(events::NewEventId());
    request.set_campaign_id(campaign);
    request.set_sku(sku);
    request.set_units_on_hand(units);
    return Call<v1::SetStockRequest, v1::SetStockResponse>(
        *stub, &v1::DispatchService::Stub::SetStock, request, OpsCaller());
  };
  ready = ready && set_stock(hot_campaign, "HOT", hot_units);
  for (int s = 0; ready && s < kSpreadSkus; ++s) {
    ready = set_stock(spread_campaign, absl::StrFormat("SKU-%04d", s),
                      attempts / kSpreadSkus + 1);
  }
  if (!ready) return 1;

  // The conditional decrement alone, as a raw statement.
  RawReference raw_reference(
      dir.path(),
      "CREATE TABLE stock (sku TEXT PRIMARY KEY, available INTEGER NOT NULL "
      "CHECK (available >= 0)); INSERT INTO stock VALUES ('HOT', 1000000000);",
      [](sqlite3* db) -> RawStatement {
        return [db] {
          sqlite3_exec(db,
                       "UPDATE stock SET available = available - 1 WHERE "
                       "sku = 'HOT' AND available >= 1",
                       nullptr, nullptr, nullptr);
        };
      });
  raw_reference.Measure(clients, attempts);
  const Outcome hot =
      Race((*dispatch)->channel(), hot_campaign, community->testers[0], clients,
           [](size_t) { return std::string("HOT"); });
  v1::GetStockRequest get;
  get.set_campaign_id(hot_campaign);
  get.set_sku("HOT");
  v1::Stock line;
  {
    grpc::ClientContext context;
    testing::AddBearer(context, OpsCaller());
    stub->GetStock(&context, get, &line);
  }
  raw_reference.Measure(clients, attempts);
  const Outcome spread = Race(
      (*dispatch)->channel(), spread_campaign, community->testers[1], clients,
      [](size_t i) { return absl::StrFormat("SKU-%04d", i % kSpreadSkus); });
  (*dispatch)->Stop();
  (*recruitment)->Stop();

  raw_reference.Measure(clients, attempts);
  const double raw = raw_reference.Median();
  const std::vector<double>& raw_runs = raw_reference.runs();
  // Oversold: units handed out beyond the line, by the answers and by the
  // line itself.
  const int64_t oversold =
      std::max<int64_t>(0, hot.allocated - hot_units) +
      std::max<int64_t>(0, line.units_allocated() - hot_units) +
      (line.units_available() < 0 ? 1 : 0);
  const double hot_rate = attempts / hot.seconds;
  const double spread_rate = attempts / spread.seconds;
  std::cout << absl::StrFormat(
      "hot SKU: %d attempts by %d clients in %.2f s (%.0f/s): %d allocated, "
      "%d out of stock, %d errors; line: %d allocated, %d available\n"
      "1,000 SKUs: %d attempts in %.2f s (%.0f/s): %d allocated, %d out of "
      "stock, %d errors\n"
      "raw single-row SQLite transactions: %.0f/s (median of %.0f, %.0f, "
      "%.0f)\n",
      attempts, clients, hot.seconds, hot_rate, hot.allocated, hot.out_of_stock,
      hot.errors, line.units_allocated(), line.units_available(), attempts,
      spread.seconds, spread_rate, spread.allocated, spread.out_of_stock,
      spread.errors, raw, raw_runs[0], raw_runs[1], raw_runs[2]);
  std::cout << absl::StrFormat(
      "{\"attempts\": %d, \"clients\": %d, \"oversold\": %d, "
      "\"allocated\": %d, \"errors\": %d, \"alloc_per_s\": %.1f, "
      "\"raw_txn_per_s\": %.1f, \"alloc_vs_raw_txn\": %.3f, "
      "\"spread_alloc_per_s\": %.1f, \"spread_vs_raw_txn\": %.3f}\n",
      attempts, clients, oversold, hot.allocated, hot.errors + spread.errors,
      hot_rate, raw, hot_rate / raw, spread_rate, spread_rate / raw);
  return hot.errors + spread.errors == 0 && oversold == 0 ? 0 : 1;
}

}  // namespace
}  // namespace nanoinfluence::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return nanoinfluence::bench::Run();
}
