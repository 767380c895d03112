// One side of the event pipeline as a real process, for the crash test and
// the lag benchmark.
//
//   event_node --mode=subscriber --listen=127.0.0.1:PORT --data_dir=D
//              --jwt_secret_file=F
//       serves IngestEvents (posing as the kpi service) into D/subscriber.db.
//   event_node --mode=producer --subscriber=127.0.0.1:PORT --data_dir=D
//              --jwt_secret_file=F --writes=N --writes_per_second=R
//       records writes N in total (resuming after a restart) at about R per
//       second, each with its event, into D/producer.db, and relays them.
// Both run until SIGTERM; the tests also kill them with SIGKILL.
#include <atomic>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/auth_flags/auth_flags.h"
#include "libs/events/relay.h"
#include "libs/flags/env_flags.h"
#include "libs/server/grpc_server.h"
#include "libs/server/shutdown_signal.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/events/ledger.h"
#include "tests/events/ledger_subscriber.h"

ABSL_FLAG(std::string, mode, "", "producer or subscriber");
ABSL_FLAG(std::string, listen, "127.0.0.1:0", "subscriber: host:port");
ABSL_FLAG(std::string, subscriber, "", "producer: the subscriber's host:port");
ABSL_FLAG(std::string, data_dir, ".", "folder of the SQLite file");
ABSL_FLAG(int64_t, writes, 1000, "producer: writes in total");
ABSL_FLAG(double, writes_per_second, 500, "producer: write rate");
ABSL_FLAG(int, batch_size, 200, "producer: events per delivery");

namespace nanoinfluence::testing {
namespace {

constexpr char kProducer[] = "ledger";

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "event_node: %s\n", status.ToString().c_str());
  return 2;
}

int RunSubscriber(std::shared_ptr<const auth::TokenSettings> tokens) {
  auto db =
      OpenLedgerDatabase(absl::GetFlag(FLAGS_data_dir) + "/subscriber.db");
  if (!db.ok()) return Fail(db.status());
  LedgerSubscriber<kpi::v1::KpiService> subscriber(**db);
  ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.auth.tokens = tokens;
  options.log_calls = false;
  options.shutdown_grace = absl::Seconds(1);
  auto server = GrpcServer::Start(
      options, {{&subscriber, "nanoinfluence.kpi.v1.KpiService"}});
  if (!server.ok()) return Fail(server.status());
  WaitForShutdownSignal();
  (*server)->Shutdown();
  return 0;
}

int RunProducer(std::shared_ptr<const auth::TokenSettings> tokens) {
  auto db = OpenLedgerDatabase(absl::GetFlag(FLAGS_data_dir) + "/producer.db");
  if (!db.ok()) return Fail(db.status());
  auth::PeerOptions peer;
  peer.tokens = tokens;
  peer.caller_name = kProducer;
  events::RelayOptions relay_options;
  relay_options.batch_size = absl::GetFlag(FLAGS_batch_size);
  relay_options.max_backoff = absl::Milliseconds(500);
  // Restarted in place, as a service's container is: it takes its delivery
  // lease back at once instead of waiting for it to expire.
  relay_options.replica = "event-node";
  auto relay =
      events::OutboxRelay::Start(**db, kProducer,
                                 {{.name = "kpi",
                                   .address = absl::GetFlag(FLAGS_subscriber),
                                   .event_types = {}}},
                                 peer, relay_options);
  if (!relay.ok()) return Fail(relay.status());

  std::atomic<bool> stopping = false;
  std::thread writer([&] {
    const events::Outbox outbox(kProducer);
    auto last = (*db)->Query("SELECT COALESCE(MAX(write_no), 0) FROM ledger");
    int64_t write_no = last.ok() ? last->rows[0].Int(0) : 0;
    const absl::Duration pause =
        absl::Seconds(1) / absl::GetFlag(FLAGS_writes_per_second);
    absl::Time next = absl::Now();
    while (!stopping && write_no < absl::GetFlag(FLAGS_writes)) {
      ++write_no;
      absl::Status written =
          RecordWrite(**db, outbox, write_no, LedgerContentId(write_no % 7),
                      write_no % 100);
      if (!written.ok()) {
        std::fprintf(stderr, "write %ld: %s\n", static_cast<long>(write_no),
                     written.ToString().c_str());
        --write_no;  // not acknowledged: write it again
      }
      next += pause;
      absl::SleepFor(next - absl::Now());
    }
  });
  WaitForShutdownSignal();
  stopping = true;
  writer.join();
  (*relay)->Stop();
  return 0;
}

}  // namespace
}  // namespace nanoinfluence::testing

int main(int argc, char** argv) {
  nanoinfluence::BlockShutdownSignals();
  nanoinfluence::ParseFlagsWithEnvironment(argc, argv,
                                           "One side of the event pipeline.");
  auto tokens = nanoinfluence::auth::LoadTokenSettings(
      nanoinfluence::TokenKeyFilesFromFlags());
  if (!tokens.ok()) return nanoinfluence::testing::Fail(tokens.status());
  auto shared = std::make_shared<const nanoinfluence::auth::TokenSettings>(
      *std::move(tokens));
  const std::string mode = absl::GetFlag(FLAGS_mode);
  if (mode == "subscriber")
    return nanoinfluence::testing::RunSubscriber(shared);
  if (mode == "producer") return nanoinfluence::testing::RunProducer(shared);
  std::fprintf(stderr, "--mode: producer or subscriber\n");
  return 2;
}
