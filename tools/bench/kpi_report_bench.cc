// P9 of QUALITY.md: GetCampaignReport's p50 for a campaign with 1,000,000
// approved content items over its p50 with 10,000, and over the p50 of a
// nearly empty RPC (the gRPC health check) on the same server, measured in
// the same run, alternating.
//
// Each campaign is generated into its own kpi database through the intake's
// own apply code (services/kpi/aggregates.h): 2,000 testers, each allocated
// and delivered, posting reviews, ratings, photos, social posts (with
// engagement) and word of mouth about three SKUs on several platforms. A
// real kpi_server is then started on that database.
//
//   kpi_report_bench [--quick]
// Prints the figures, then one JSON object on the last line.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "libs/sql/migrations.h"
#include "libs/sql/open_database.h"
#include "libs/validation/timestamps.h"
#include "migrations.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "services/kpi/aggregates.h"
#include "services/kpi/domain/conversion_curve.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"

ABSL_FLAG(bool, quick, false,
          "100,000 items instead of 1,000,000 and fewer calls: a smoke check");

namespace nanoinfluence::bench {
namespace {

using common::v1::Event;
namespace v1 = kpi::v1;

constexpr char kCampaign[] = "c0000000-0000-4000-8000-00000000b009";
constexpr char kBrand[] = "b0000000-0000-4000-8000-00000000b009";
constexpr int kTesters = 2000;
constexpr int kEventsPerTransaction = 20000;

std::string Id(int kind, int64_t n) {
  return absl::StrFormat("00000000-%04x-4000-8000-%012x", kind, n);
}

Event NewEvent(int64_t n, absl::Time at) {
  Event event;
  event.set_event_id(Id(0xe, n));
  event.set_sequence(n + 1);  // one producer's order, as the relay sends it
  *event.mutable_occurred_at() = Stamp(at);
  return event;
}

// The n-th event of the campaign: the opening, each tester's allocation and
// delivery, then `items` approved content items.
Event EventNumber(int64_t n, absl::Time start) {
  const absl::Time at = start + absl::Seconds(n);
  Event event = NewEvent(n, at);
  if (n == 0) {
    auto* opened = event.mutable_campaign_opened();
    opened->set_campaign_id(kCampaign);
    opened->set_brand_id(kBrand);
    opened->set_sku("BAR-40G");
    opened->set_slots(kTesters);
    opened->set_eligible_nano(20000);
    opened->set_eligible_micro(5000);
    return event;
  }
  const int64_t k = n - 1;
  const int tester = static_cast<int>(k % kTesters);
  const auto tier = static_cast<common::v1::Tier>(tester % 10 < 7 ? 1 : 2);
  if (k < 2 * kTesters) {
    auto* shipment = event.mutable_shipment_status_changed();
    shipment->set_shipment_id(Id(5, tester));
    shipment->set_campaign_id(kCampaign);
    shipment->set_brand_id(kBrand);
    shipment->set_ambassador_id(Id(0xa, tester));
    shipment->set_sku("BAR-40G");
    shipment->set_status(k < kTesters ? common::v1::SHIPMENT_STATUS_SHIPPED
                                      : common::v1::SHIPMENT_STATUS_DELIVERED);
    *shipment->mutable_status_time() = Stamp(at);
    shipment->set_tier(tier);
    return event;
  }
  static constexpr std::pair<common::v1::ContentKind, common::v1::Platform>
      kKinds[] = {
          {common::v1::CONTENT_KIND_REVIEW, common::v1::PLATFORM_RETAILER_SITE},
          {common::v1::CONTENT_KIND_REVIEW, common::v1::PLATFORM_GOOGLE},
          {common::v1::CONTENT_KIND_RATING, common::v1::PLATFORM_MARKETPLACE},
          {common::v1::CONTENT_KIND_PHOTO, common::v1::PLATFORM_INSTAGRAM},
          {common::v1::CONTENT_KIND_SOCIAL_POST, common::v1::PLATFORM_TIKTOK},
          {common::v1::CONTENT_KIND_WORD_OF_MOUTH,
           common::v1::PLATFORM_OFFLINE},
      };
  const auto& [kind, platform] = kKinds[k % 6];
  auto* submitted = event.mutable_content_submitted();
  submitted->set_status(common::v1::CONTENT_STATUS_APPROVED);
  auto* facts = submitted->mutable_content();
  facts->set_content_id(Id(0xc, k));
  facts->set_campaign_id(kCampaign);
  facts->set_brand_id(kBrand);
  facts->set_sku(k % 3 == 0 ? "BAR-40G" : k % 3 == 1 ? "BAR-40G-XL" : "BAR-6X");
  facts->set_ambassador_id(Id(0xa, tester));
  facts->set_tier(tier);
  facts->set_kind(kind);
  facts->set_platform(platform);
  if (kind == common::v1::CONTENT_KIND_REVIEW ||
      kind == common::v1::CONTENT_KIND_RATING) {
    facts->set_rating(static_cast<int>(1 + k % 5));
  }
  if (kind == common::v1::CONTENT_KIND_SOCIAL_POST) {
    facts->set_audience(200 + tester);
  }
  if (kind == common::v1::CONTENT_KIND_WORD_OF_MOUTH) {
    facts->set_people_told(1 + k % 20);
  }
  *facts->mutable_submitted_at() = Stamp(at);
  return event;
}

// Writes the campaign with `items` approved content items into a kpi
// database in `dir`.
absl::Status Generate(const std::string& dir, int64_t items) {
  auto db = sql::OpenDatabase({.url = absl::StrCat("sqlite:", dir, "/kpi.db"),
                               .data_dir = "",
                               .service = "kpi"});
  if (!db.ok()) return db.status();
  auto version = sql::ApplyMigrations(**db, kpi::Migrations());
  if (!version.ok()) return version.status();
  const int64_t total = 1 + 2 * kTesters + items;
  const absl::Time start = absl::Now() - absl::Hours(24 * 60);
  for (int64_t first = 0; first < total; first += kEventsPerTransaction) {
    const int64_t last = std::min(total, first + kEventsPerTransaction);
    absl::Status status =
        (*db)->Transact(sql::TxMode::kWrite, [&](sql::Connection& tx) {
          for (int64_t n = first; n < last; ++n) {
            absl::Status applied = kpi::ApplyToAggregates(
                tx, EventNumber(n, start), absl::Now(), /*keep_in_log=*/true);
            if (!applied.ok()) return applied;
          }
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    if ((first / kEventsPerTransaction) % 10 == 0) {
      std::cerr << absl::StrFormat("  %s: %d / %d events\r", dir, last, total);
    }
  }
  std::cerr << "\n";
  return absl::OkStatus();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Latencies (µs) of `calls` sequential GetCampaignReport and health checks,
// alternating.
// `built`: the same report with a curve in the request, which the server
// never serves from its cache (services/kpi/report_cache.h): the cost of
// building it from the aggregates.
struct Latencies {
  std::vector<double> report, built, empty;
  int64_t approved = 0;
};

Latencies Measure(testing::ServiceProcess& kpi, int calls) {
  auto stub = v1::KpiService::NewStub(kpi.channel());
  auto health = grpc::health::v1::Health::NewStub(kpi.channel());
  const auth::Caller brand = testing::BrandCaller(kBrand);
  Latencies out;
  v1::GetCampaignReportRequest request;
  request.set_campaign_id(kCampaign);
  v1::GetCampaignReportRequest with_curve = request;
  *with_curve.mutable_conversion_curve() = kpi::DefaultCurve();
  for (int i = 0; i < calls; ++i) {
    for (auto* sent : {&request, &with_curve}) {
      grpc::ClientContext context;
      testing::AddBearer(context, brand);
      v1::CampaignReport report;
      const absl::Time start = absl::Now();
      const grpc::Status status =
          stub->GetCampaignReport(&context, *sent, &report);
      (sent == &request ? out.report : out.built)
          .push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
      if (!status.ok()) {
        std::cerr << "GetCampaignReport: " << status.error_message() << "\n";
        std::exit(1);
      }
      out.approved = report.total().ugc().approved_total();
    }
    {
      grpc::ClientContext context;
      grpc::health::v1::HealthCheckRequest request;
      grpc::health::v1::HealthCheckResponse response;
      const absl::Time start = absl::Now();
      health->Check(&context, request, &response).ok();
      out.empty.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
    }
  }
  return out;
}

int Run() {
  const bool quick = absl::GetFlag(FLAGS_quick);
  const int64_t small = 10'000;
  const int64_t large = quick ? 100'000 : 1'000'000;
  const int calls = quick ? 300 : 2000;
  testing::TempDir small_dir, large_dir;
  for (const auto& [dir, items] :
       {std::pair{&small_dir, small}, std::pair{&large_dir, large}}) {
    const absl::Time start = absl::Now();
    const absl::Status status = Generate(dir->path(), items);
    if (!status.ok()) {
      std::cerr << "generating: " << status << "\n";
      return 1;
    }
    std::cout << absl::StrFormat("generated %d approved items in %.0f s\n",
                                 items,
                                 absl::ToDoubleSeconds(absl::Now() - start));
  }
  auto small_kpi = testing::ServiceProcess::Start("kpi", small_dir.path());
  auto large_kpi = testing::ServiceProcess::Start("kpi", large_dir.path());
  if (!small_kpi.ok() || !large_kpi.ok()) {
    std::cerr << "kpi_server did not start\n";
    return 1;
  }
  Measure(**small_kpi, 100);  // warm-up: connections, page cache
  Measure(**large_kpi, 100);
  // Rounds alternate between the two servers so drift hits both alike.
  std::vector<double> small_p50, large_p50, empty_p50, small_built, large_built;
  int64_t small_approved = 0, large_approved = 0;
  for (int round = 0; round < 3; ++round) {
    const Latencies s = Measure(**small_kpi, calls);
    const Latencies l = Measure(**large_kpi, calls);
    small_p50.push_back(Median(s.report));
    large_p50.push_back(Median(l.report));
    empty_p50.push_back(Median(l.empty));
    small_built.push_back(Median(s.built));
    large_built.push_back(Median(l.built));
    small_approved = s.approved;
    large_approved = l.approved;
    std::cout << absl::StrFormat(
        "round %d: report p50 %.0f us at %d items, %.0f us at %d items "
        "(built: %.0f us, %.0f us); health check p50 %.0f us\n",
        round + 1, small_p50.back(), small_approved, large_p50.back(),
        large_approved, small_built.back(), large_built.back(),
        empty_p50.back());
  }
  const double small_us = Median(small_p50);
  const double large_us = Median(large_p50);
  const double empty_us = Median(empty_p50);
  std::cout << absl::StrFormat(
      "{\"ugc_small\": %d, \"ugc_large\": %d, \"report_p50_small_us\": %.0f, "
      "\"report_p50_large_us\": %.0f, \"built_p50_small_us\": %.0f, "
      "\"built_p50_large_us\": %.0f, \"empty_rpc_p50_us\": %.0f, "
      "\"report_1m_vs_10k\": %.3f, \"report_vs_empty_rpc\": %.3f}\n",
      small_approved, large_approved, small_us, large_us, Median(small_built),
      Median(large_built), empty_us, large_us / small_us, large_us / empty_us);
  return 0;
}

}  // namespace
}  // namespace nanoinfluence::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return nanoinfluence::bench::Run();
}
