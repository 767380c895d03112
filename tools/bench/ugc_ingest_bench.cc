// P8: durable submissions. 16 clients submit 10,000 social posts (each
// checked, moderated, verified and stored with its event and idempotency
// record) through the real ugc server, with the real recruitment (tiers),
// dispatch and Redis. Each author's delivery is announced first, as
// dispatch's events do before testers post; with --proof_from_dispatch
// none is, and every submission asks dispatch for its proof of receipt.
// Reference in the same run: 16 threads doing raw durable single-row
// inserts of the same size (synchronous=FULL, WAL), median of three runs.
// The log syncs of the ugc process are counted by `perf stat` on its fsync
// and fdatasync calls.
//
//   tools/bench/run ugc-ingest [--quick] [--proof_from_dispatch]
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/auth/bearer.h"
#include "libs/events/outbox.h"
#include "libs/validation/timestamps.h"
#include "nanoinfluence/ugc/v1/ugc_service.grpc.pb.h"
#include "tests/harness/free_port.h"
#include "tests/harness/redis_server.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_tokens.h"
#include "tools/bench/community_generator.h"
#include "tools/bench/cpu_time.h"
#include "tools/bench/raw_sqlite.h"
#include "tools/bench/tier_cache_warmer.h"

ABSL_FLAG(bool, quick, false, "1,000 submissions instead of 10,000.");
ABSL_FLAG(int, clients, 16, "Concurrent clients.");
ABSL_FLAG(bool, proof_from_dispatch, false,
          "Announce no deliveries: every submission asks dispatch for its "
          "proof of receipt (a tester posting before the delivery event).");

namespace nanoinfluence::bench {
namespace {

namespace v1 = ugc::v1;
constexpr char kSku[] = "OAT-BAR-40G";

// A caption of about 300 bytes, different for every submission.
std::string Caption(size_t i) {
  static const char* const kWords[] = {
      "crunchy", "breakfast", "oats",  "chocolate", "morning", "hike",
      "kids",    "snack",     "sweet", "nuts",      "coffee",  "yoghurt"};
  std::string caption = "Tried the new bar today";
  uint64_t x = i * 0x9E3779B97F4A7C15ull + 1;
  for (int w = 0; w < 40; ++w) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    absl::StrAppend(&caption, " ", kWords[x % 12]);
  }
  absl::StrAppend(&caption, " #ad ", i);
  return caption;
}

// Counts a process's fsync and fdatasync calls with `perf stat` until
// Stop(); -1 when perf is not available.
class SyncCounter {
 public:
  SyncCounter(pid_t pid, const std::string& output) : output_(output) {
    child_ = fork();
    if (child_ == 0) {
      const std::string target = std::to_string(pid);
      execlp("perf", "perf", "stat", "-x", ",", "-o", output.c_str(), "-e",
             "syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync", "-p",
             target.c_str(), nullptr);
      _exit(127);
    }
    absl::SleepFor(absl::Milliseconds(500));  // perf attaches
  }
  int64_t Stop() {
    if (child_ <= 0) return -1;
    kill(child_, SIGINT);
    int status = 0;
    waitpid(child_, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return -1;
    std::ifstream in(output_);
    int64_t total = 0;
    bool found = false;
    for (std::string line; std::getline(in, line);) {
      if (line.find("sys_enter_f") == std::string::npos) continue;
      total += std::atoll(line.c_str());
      found = true;
    }
    return found ? total : -1;
  }

 private:
  std::string output_;
  pid_t child_ = -1;
};

// Delivers `events` of `producer` to ugc's IngestEvents as that producer's
// relay would: in batches, in sequence order.
absl::Status Announce(v1::UgcService::Stub& ugc, const std::string& producer,
                      std::vector<common::v1::Event> events) {
  int64_t sequence = 0;
  for (size_t first = 0; first < events.size(); first += 500) {
    common::v1::IngestEventsRequest batch;
    batch.set_producer(producer);
    for (size_t i = first; i < std::min(events.size(), first + 500); ++i) {
      common::v1::Event& event = events[i];
      event.set_event_id(events::NewEventId());
      event.set_type(events::PayloadType(event));
      event.set_producer(producer);
      event.set_sequence(++sequence);
      *event.mutable_occurred_at() = Stamp(absl::Now());
      *batch.add_events() = std::move(event);
    }
    grpc::ClientContext context;
    testing::AddBearer(context, testing::ServiceCaller(producer));
    common::v1::IngestEventsResponse response;
    const grpc::Status status = ugc.IngestEvents(&context, batch, &response);
    if (!status.ok()) return absl::UnavailableError(status.error_message());
  }
  return absl::OkStatus();
}

int Run() {
  const bool quick = absl::GetFlag(FLAGS_quick);
  const bool proof_from_dispatch = absl::GetFlag(FLAGS_proof_from_dispatch);
  const int clients = absl::GetFlag(FLAGS_clients);
  const int submissions = quick ? 1'000 : 10'000;

  testing::TempDir dir;
  const std::string recruitment_dir = dir.File("recruitment");
  std::filesystem::create_directories(recruitment_dir);
  auto community = GenerateCommunity(recruitment_dir + "/recruitment.db",
                                     {.ambassadors = submissions * 2,
                                      .applicants = submissions,
                                      .slots = submissions,
                                      .campaigns = 1,
                                      .select_all = true});
  if (!community.ok()) {
    std::cerr << "generating the community failed: " << community.status()
              << "\n";
    return 1;
  }
  const std::vector<std::string>& authors = community->testers[0];
  const std::string& campaign_id = community->campaign_ids[0];

  auto redis = testing::RedisServer::Start();
  auto recruitment_port = testing::PickFreePort();
  auto dispatch_port = testing::PickFreePort();
  auto ugc_port = testing::PickFreePort();
  if (!redis.ok() || !recruitment_port.ok() || !dispatch_port.ok() ||
      !ugc_port.ok()) {
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
  const std::vector<std::pair<std::string, int>> ports = {
      {"recruitment", *recruitment_port},
      {"dispatch", *dispatch_port},
      {"ugc", *ugc_port}};
  // Each server's flags: its port, and the others as its peers.
  const auto flags = [&](const std::string& self) {
    std::vector<std::string> flags = {
        absl::StrCat("--redis=127.0.0.1:", (*redis)->port()),
        "--write_rate_per_second=1000000", "--write_burst=1000000",
        "--log_calls=false"};
    std::string peers = "--peers=";
    for (const auto& [name, port] : ports) {
      if (name == self) {
        flags.push_back(absl::StrCat("--listen=127.0.0.1:", port));
      } else {
        absl::StrAppend(&peers, peers.back() == '=' ? "" : ",", name,
                        "=127.0.0.1:", port);
      }
    }
    flags.push_back(peers);
    return flags;
  };
  std::filesystem::create_directories(dir.File("dispatch"));
  std::filesystem::create_directories(dir.File("ugc"));
  auto recruitment = testing::ServiceProcess::Start(
      "recruitment", recruitment_dir, flags("recruitment"), {},
      absl::Minutes(2));
  auto dispatch = testing::ServiceProcess::Start(
      "dispatch", dir.File("dispatch"), flags("dispatch"));
  auto ugc =
      testing::ServiceProcess::Start("ugc", dir.File("ugc"), flags("ugc"));
  if (!recruitment.ok() || !dispatch.ok() || !ugc.ok()) {
    std::cerr << "a server did not start\n";
    return 1;
  }
  auto stub = v1::UgcService::NewStub((*ugc)->channel());
  // The campaign as recruitment's CampaignOpened announces it.
  common::v1::Event opened;
  opened.set_aggregate_type("campaign");
  opened.set_aggregate_id(campaign_id);
  opened.mutable_campaign_opened()->set_campaign_id(campaign_id);
  opened.mutable_campaign_opened()->set_brand_id(community->brand_id);
  opened.mutable_campaign_opened()->set_sku(kSku);
  if (const absl::Status sent =
          Announce(*stub, "recruitment", {std::move(opened)});
      !sent.ok()) {
    std::cerr << "CampaignOpened: " << sent << "\n";
    return 1;
  }
  // Each author's sample delivered, as dispatch's relay announces it before
  // testers post; unless the proof of receipt is to be asked of dispatch
  // for every submission (what happens when a tester posts before the
  // delivery event arrived).
  if (!proof_from_dispatch) {
    std::vector<common::v1::Event> deliveries;
    for (const std::string& author : authors) {
      common::v1::Event& event = deliveries.emplace_back();
      event.set_aggregate_type("shipment");
      event.set_aggregate_id(events::NewEventId());
      auto* delivered = event.mutable_shipment_status_changed();
      delivered->set_shipment_id(event.aggregate_id());
      delivered->set_campaign_id(campaign_id);
      delivered->set_brand_id(community->brand_id);
      delivered->set_ambassador_id(author);
      delivered->set_sku(kSku);
      delivered->set_previous_status(common::v1::SHIPMENT_STATUS_SHIPPED);
      delivered->set_status(common::v1::SHIPMENT_STATUS_DELIVERED);
      *delivered->mutable_status_time() = Stamp(absl::Now());
    }
    if (const absl::Status sent =
            Announce(*stub, "dispatch", std::move(deliveries));
        !sent.ok()) {
      std::cerr << "ShipmentStatusChanged: " << sent << "\n";
      return 1;
    }
  }

  // A durable insert of a 600-byte row, as a raw statement.
  const std::string body(600, 'x');
  RawReference raw_reference(
      dir.path(),
      "CREATE TABLE content (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
      [&body](sqlite3* db) -> RawStatement {
        sqlite3_stmt* prepared = nullptr;
        sqlite3_prepare_v2(db, "INSERT INTO content (body) VALUES (?)", -1,
                           &prepared, nullptr);
        std::shared_ptr<sqlite3_stmt> insert(prepared, sqlite3_finalize);
        return [insert, &body] {
          sqlite3_bind_text(insert.get(), 1, body.data(), body.size(),
                            SQLITE_STATIC);
          sqlite3_step(insert.get());
          sqlite3_reset(insert.get());
        };
      });
  absl::Duration raw_cpu = OwnCpuTime();
  raw_reference.Measure(clients, submissions);
  raw_cpu = OwnCpuTime() - raw_cpu;
  // Each tester's token, as their app holds it for its session: minting is
  // the identity provider's work, not a submission's, so it comes before
  // the CPU times are read.
  std::vector<std::string> bearers;
  for (const std::string& author : authors) {
    bearers.push_back(auth::BearerValue(
        testing::TestToken(testing::AmbassadorCaller(author))));
  }
  SyncCounter syncs((*ugc)->process().pid(), dir.File("perf.txt"));
  // What the submissions cost each process, the clients included.
  const std::vector<std::pair<std::string, pid_t>> processes = {
      {"ugc", (*ugc)->process().pid()},
      {"dispatch", (*dispatch)->process().pid()},
      {"recruitment", (*recruitment)->process().pid()},
      {"redis", (*redis)->ServerPid()}};
  std::vector<absl::Duration> cpu_before;
  for (const auto& [name, pid] : processes) {
    cpu_before.push_back(ProcessCpuTime(pid));
  }
  const absl::Duration clients_cpu_before = OwnCpuTime();
  std::atomic<size_t> next = 0;
  std::atomic<int64_t> stored = 0, errors = 0;
  absl::Mutex errors_mu;
  std::map<grpc::StatusCode, int64_t> errors_by_code;  // guarded by errors_mu
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      // Each client on a connection of its own, as 16 apps or backends
      // are, rather than 16 streams on one connection (docs/benchmarks.md,
      // P8).
      auto client = v1::UgcService::NewStub((*ugc)->OwnChannel());
      for (size_t i = next++; i < size_t(submissions); i = next++) {
        v1::SubmitContentRequest request;
        request.set_request_id(events::NewEventId());
        request.set_kind(common::v1::CONTENT_KIND_SOCIAL_POST);
        request.set_campaign_id(campaign_id);
        request.set_social_network(common::v1::SOCIAL_NETWORK_INSTAGRAM);
        request.set_body(Caption(i));
        request.set_public_url(absl::StrCat("https://www.instagram.com/p/", i));
        request.set_disclosure(true);
        grpc::ClientContext context;
        context.AddMetadata(auth::kAuthorizationKey,
                            bearers[i % bearers.size()]);
        context.set_deadline(
            absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
        v1::SubmitContentResponse response;
        const grpc::Status status =
            client->SubmitContent(&context, request, &response);
        if (status.ok()) {
          ++stored;
        } else {
          absl::MutexLock lock(&errors_mu);
          ++errors_by_code[status.error_code()];
          if (errors++ < 3) std::cerr << status.error_message() << "\n";
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::string cpu_line = "CPU per submission (ms):";
  absl::Duration cpu_total = OwnCpuTime() - clients_cpu_before;
  absl::StrAppendFormat(&cpu_line, " clients %.3f",
                        absl::ToDoubleMilliseconds(cpu_total) / submissions);
  for (size_t i = 0; i < processes.size(); ++i) {
    const absl::Duration used =
        ProcessCpuTime(processes[i].second) - cpu_before[i];
    cpu_total += used;
    absl::StrAppendFormat(&cpu_line, ", %s %.3f", processes[i].first,
                          absl::ToDoubleMilliseconds(used) / submissions);
  }
  const double cpu_ms_per_submission =
      absl::ToDoubleMilliseconds(cpu_total) / submissions;
  const double cpu_ms_per_raw_insert =
      absl::ToDoubleMilliseconds(raw_cpu) / submissions;
  absl::StrAppendFormat(&cpu_line, "; in all %.3f (a raw insert: %.3f)\n",
                        cpu_ms_per_submission, cpu_ms_per_raw_insert);
  const int64_t fsyncs = syncs.Stop();
  if (errors > 0) {
    // What the servers said, before their folder goes.
    for (const auto* server : {&*ugc, &*dispatch, &*recruitment}) {
      std::cerr << (*server)->log_path() << ":\n"
                << testing::TailOfFile((*server)->log_path(), 40) << "\n";
    }
  }
  for (const auto& [code, count] : errors_by_code) {
    std::cerr << "errors with status code " << code << ": " << count << "\n";
  }
  // A server that died during the run (a crash answers every later call
  // UNAVAILABLE) says so by its exit code; a clean stop is 0.
  bool servers_stopped_cleanly = true;
  for (const auto* server : {&*ugc, &*dispatch, &*recruitment}) {
    if (const int code = (*server)->Stop(); code != 0) {
      std::cerr << (*server)->log_path() << ": exit code " << code << "\n";
      servers_stopped_cleanly = false;
    }
  }
  raw_reference.Measure(clients, submissions);
  raw_reference.Measure(clients, submissions);
  const double raw = raw_reference.Median();
  const std::vector<double>& raw_runs = raw_reference.runs();
  const double rate = submissions / seconds;
  const double per_submission =
      fsyncs < 0 || stored == 0 ? -1 : double(fsyncs) / stored;
  std::cout << absl::StrFormat(
      "%d submissions by %d clients in %.2f s (%.0f/s): %d stored, %d "
      "errors\n"
      "raw durable single-row inserts: %.0f/s (median of %.0f, %.0f, %.0f)\n"
      "fsync + fdatasync calls of the ugc process: %d (%s)\n",
      submissions, clients, seconds, rate, stored.load(), errors.load(), raw,
      raw_runs[0], raw_runs[1], raw_runs[2], fsyncs,
      fsyncs < 0 ? "perf not available" : "perf stat");
  std::cout << cpu_line;
  std::cout << absl::StrFormat(
      "{\"submissions\": %d, \"clients\": %d, \"errors\": %d, "
      "\"ingest_per_s\": %.1f, \"raw_insert_per_s\": %.1f, "
      "\"ingest_vs_raw_insert\": %.3f, \"fsyncs_per_submission\": %.3f, "
      "\"cpu_ms_per_submission\": %.3f, \"cpu_ms_per_raw_insert\": %.3f}\n",
      submissions, clients, errors.load(), rate, raw, rate / raw,
      per_submission, cpu_ms_per_submission, cpu_ms_per_raw_insert);
  return errors == 0 && servers_stopped_cleanly ? 0 : 1;
}

}  // namespace
}  // namespace nanoinfluence::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
#ifdef NDEBUG
  // The clients share the machine with the servers: as in the servers
  // (libs/service_main), no lock-order graph at every Mutex lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif
  return nanoinfluence::bench::Run();
}
