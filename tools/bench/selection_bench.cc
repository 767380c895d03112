// P6 and P11: selecting 5,000 testers with quotas out of a community of
// 1,000,000 ambassadors, counting the eligible, and the memory it takes,
// through the real recruitment server over gRPC. Reference in the same run:
// the same selection and count as raw SQL queries on the same file.
//
//   tools/bench/run selection [--quick]
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "migrations.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.grpc.pb.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"
#include "tools/bench/community_generator.h"

ABSL_FLAG(bool, quick, false, "A community of 50,000 for a smoke check.");
ABSL_FLAG(int64_t, ambassadors, 1'000'000, "Ambassadors in the community.");
ABSL_FLAG(int64_t, applicants, 100'000, "Applicants to the campaign.");
ABSL_FLAG(int32_t, slots, 5'000, "Testers to select.");
ABSL_FLAG(std::string, cache_dir, "/tmp",
          "Where generated communities are kept between runs.");

namespace nanoinfluence::bench {
namespace {

namespace v1 = recruitment::v1;
using testing::OpsCaller;

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

template <typename F>
double Seconds(F&& run) {
  const absl::Time start = absl::Now();
  run();
  return absl::ToDoubleSeconds(absl::Now() - start);
}

double RssMib(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stod(line.substr(6)) / 1024.0;  // kB
    }
  }
  return -1;
}

// Runs `sql` to the last row on the file; the seconds it took.
double RawQuerySeconds(const std::string& path, const std::string& sql,
                       int64_t* rows) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  *rows = 0;
  const double seconds = Seconds([&] {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) !=
        SQLITE_OK) {
      std::cerr << "raw query: " << sqlite3_errmsg(db) << "\n";
      return;
    }
    while (sqlite3_step(statement) == SQLITE_ROW) ++*rows;
  });
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return seconds;
}

grpc::ClientContext* Context(grpc::ClientContext& context) {
  testing::AddBearer(context, OpsCaller());
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(5)));
  return &context;
}

int Run() {
  int64_t ambassadors = absl::GetFlag(FLAGS_ambassadors);
  int64_t applicants = absl::GetFlag(FLAGS_applicants);
  int32_t slots = absl::GetFlag(FLAGS_slots);
  if (absl::GetFlag(FLAGS_quick)) {
    ambassadors = 50'000;
    applicants = 5'000;
    slots = 250;
  }
  // A schema change makes a new community: the name carries a hash of the
  // migrations.
  std::string schema;
  for (const sql::Migration& migration : recruitment::Migrations()) {
    absl::StrAppend(&schema, migration.sql);
  }
  const std::string cached =
      absl::StrCat(absl::GetFlag(FLAGS_cache_dir), "/nano-community-",
                   ambassadors, "-", applicants, "x3-", slots, "-",
                   absl::Hex(std::hash<std::string>()(schema)), ".db");
  const std::string info_file = cached + ".campaign";
  if (!std::filesystem::exists(info_file)) {
    std::cout << "generating " << ambassadors << " ambassadors and "
              << applicants << " applicants into " << cached << "\n";
    std::filesystem::remove(cached);
    Community community;
    const double seconds = Seconds([&] {
      auto generated = GenerateCommunity(cached, {.ambassadors = ambassadors,
                                                  .applicants = applicants,
                                                  .slots = slots});
      if (!generated.ok()) {
        std::cerr << generated.status() << "\n";
        std::exit(1);
      }
      community = *generated;
    });
    std::ofstream info(info_file);
    for (const std::string& id : community.campaign_ids) info << id << "\n";
    std::cout << absl::StrFormat(
        "generated in %.1f s: %d nano, %d micro, %d macro; %d applicants\n",
        seconds, community.by_tier[0], community.by_tier[1],
        community.by_tier[2], community.applicants);
  }
  // Campaigns alike, each with its own applicants: one real selection each.
  std::vector<std::string> campaign_ids;
  std::ifstream info(info_file);
  for (std::string id; std::getline(info, id);) campaign_ids.push_back(id);
  const std::string& campaign_id = campaign_ids.front();

  testing::TempDir dir;
  const std::string database = dir.File("recruitment.db");
  std::filesystem::copy_file(cached, database);

  // The reference: the same count and selection as one SQL query each.
  const std::string eligible_where =
      "erased_at IS NULL AND terms_version = '2026-01' AND "
      "data_processing_version = '2026-01' AND country_code IN ('FR') AND "
      "(universes & 2) != 0 AND birth_date <= 20081231";
  const int nano_target = slots * 70 / 100, micro_target = slots - nano_target;
  const std::string raw_select = absl::StrCat(
      "WITH ranked AS (SELECT a.application_id, m.tier, ROW_NUMBER() OVER ("
      "PARTITION BY m.tier ORDER BY (m.posted_on_time + 1.0) / "
      "(m.tests_counted + 2) DESC, m.engagement_rate DESC, a.ambassador_id) "
      "AS r FROM applications a JOIN ambassadors m ON m.ambassador_id = "
      "a.ambassador_id WHERE a.campaign_id = '",
      campaign_id,
      "' AND a.status = 2 AND NOT EXISTS (SELECT 1 FROM active_tests t WHERE "
      "t.ambassador_id = a.ambassador_id) "
      "AND ",
      eligible_where,
      ") SELECT application_id FROM ranked WHERE "
      "(tier = 1 AND r <= ",
      nano_target, ") OR (tier = 2 AND r <= ", micro_target, ")");
  const std::string raw_count =
      absl::StrCat("SELECT tier, COUNT(*) FROM ambassadors WHERE ",
                   eligible_where, " GROUP BY tier");
  std::vector<double> raw_select_runs, raw_count_runs;
  int64_t raw_selected = 0, raw_tiers = 0;
  for (int i = 0; i < 3; ++i) {
    raw_select_runs.push_back(
        RawQuerySeconds(database, raw_select, &raw_selected));
    raw_count_runs.push_back(RawQuerySeconds(database, raw_count, &raw_tiers));
  }

  std::unique_ptr<testing::ServiceProcess> server;
  const double start_seconds = Seconds([&] {
    auto started = testing::ServiceProcess::Start("recruitment", dir.path(),
                                                  {"--redis=127.0.0.1:1"}, {},
                                                  absl::Minutes(5));
    if (!started.ok()) {
      std::cerr << started.status() << "\n";
      std::exit(1);
    }
    server = *std::move(started);
  });
  auto stub = v1::RecruitmentService::NewStub(server->channel());

  std::vector<double> count_runs;
  int64_t eligible = 0;
  for (int i = 0; i < 9; ++i) {
    v1::CountEligibleAmbassadorsRequest request;
    request.set_campaign_id(campaign_id);
    v1::CountEligibleAmbassadorsResponse response;
    count_runs.push_back(Seconds([&] {
      grpc::ClientContext context;
      const grpc::Status status =
          stub->CountEligibleAmbassadors(Context(context), request, &response);
      if (!status.ok()) std::cerr << status.error_message() << "\n";
    }));
    eligible = response.total();
  }

  std::vector<double> dry_runs;
  v1::SelectTestersRequest select;
  select.set_campaign_id(campaign_id);
  select.set_seed(7);
  select.set_dry_run(true);
  for (int i = 0; i < 3; ++i) {
    select.set_request_id(absl::StrCat("bench-dry-", i));
    v1::SelectTestersResponse response;
    dry_runs.push_back(Seconds([&] {
      grpc::ClientContext context;
      stub->SelectTesters(Context(context), select, &response).IgnoreError();
    }));
  }
  // The later selections leave out the testers of the earlier ones (one
  // active test each), as they would in production.
  select.set_dry_run(false);
  v1::SelectTestersResponse selected;
  std::vector<double> select_runs;
  for (const std::string& id : campaign_ids) {
    select.set_campaign_id(id);
    select.set_request_id(absl::StrCat("bench-select-", id));
    grpc::Status status;
    select_runs.push_back(Seconds([&] {
      grpc::ClientContext context;
      status = stub->SelectTesters(Context(context), select, &selected);
    }));
    if (!status.ok()) {
      std::cerr << "SelectTesters: " << status.error_message() << "\n";
      return 1;
    }
  }
  const double select_seconds = Median(select_runs);
  const double loaded_rss = RssMib(server->process().pid());
  server->Stop();

  // Idle memory of each service on an empty database.
  double idle_rss = 0;
  for (const char* service : {"recruitment", "dispatch", "ugc", "kpi"}) {
    testing::TempDir empty;
    auto idle = testing::ServiceProcess::Start(service, empty.path(),
                                               {"--redis=127.0.0.1:1"});
    if (!idle.ok()) {
      std::cerr << idle.status() << "\n";
      return 1;
    }
    absl::SleepFor(absl::Seconds(1));
    const double rss = RssMib((*idle)->process().pid());
    std::cout << absl::StrFormat("idle %s: %.1f MiB\n", service, rss);
    idle_rss = std::max(idle_rss, rss);
    (*idle)->Stop();
  }

  const double count_s = Median(count_runs);
  const double raw_count_s = Median(raw_count_runs);
  const double raw_select_s = Median(raw_select_runs);
  std::cout << absl::StrFormat(
      "community %d ambassadors, %d applicants; server ready in %.1f s\n"
      "count eligible: %.4f s over gRPC (%d eligible), raw SQL %.4f s\n"
      "select %d testers: %.3f s (median of %d campaigns, %.3f to %.3f; "
      "dry runs %.3f s), raw SQL %.3f s (%d rows, no spill-over, households "
      "or events)\n"
      "recruitment RSS with the community loaded: %.0f MiB\n",
      ambassadors, applicants, start_seconds, count_s, eligible, raw_count_s,
      selected.selected_size(), select_seconds, select_runs.size(),
      *absl::c_min_element(select_runs), *absl::c_max_element(select_runs),
      Median(dry_runs), raw_select_s, raw_selected, loaded_rss);
  const std::string size = ambassadors == 1'000'000 ? "1m" : "quick";
  std::cout << absl::StrFormat(
      "{\"ambassadors\": %d, \"applicants\": %d, \"slots\": %d, "
      "\"selected\": %d, \"select_%d_of_%s_s\": %.4f, "
      "\"select_max_s\": %.4f, \"select_dry_run_s\": %.4f, "
      "\"select_raw_sql_s\": %.4f, "
      "\"count_eligible_s\": %.5f, \"count_raw_sql_s\": %.5f, "
      "\"count_vs_raw_sql\": %.4f, \"server_start_s\": %.2f, "
      "\"idle_rss_mib\": %.1f, \"recruitment_%s_rss_mib\": %.1f}\n",
      ambassadors, applicants, slots, selected.selected_size(), slots, size,
      select_seconds, *absl::c_max_element(select_runs), Median(dry_runs),
      raw_select_s, count_s, raw_count_s, count_s / raw_count_s, start_seconds,
      idle_rss, size, loaded_rss);
  return 0;
}

}  // namespace
}  // namespace nanoinfluence::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return nanoinfluence::bench::Run();
}
