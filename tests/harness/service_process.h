// One of the suite's service binaries started as a real process for a test:
// on port 0 (the bound address comes back through --port_file), its SQLite
// file in the given folder, waited for until health says SERVING.
//
//   TempDir dir;
//   NANO_ASSIGN_OR_RETURN(auto kpi, ServiceProcess::Start("kpi", dir.path()));
//   auto stub = KpiService::NewStub(kpi->channel());
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "libs/auth/transport_security.h"
#include "tests/harness/subprocess.h"

namespace nanoinfluence::testing {

// "recruitment" -> "nanoinfluence.recruitment.v1.RecruitmentService".
std::string ServiceFullName(const std::string& service);

// Path of a service binary in the build tree.
std::string ServiceBinary(const std::string& service);

class ServiceProcess {
 public:
  // Starts `service` ("recruitment", "dispatch", "ugc", "kpi") with
  // --data_dir=<data_dir> plus `extra_flags`, and waits up to `ready_within`
  // for it to serve. The error carries the tail of its log when it does not.
  // Its tokens verify with TestSecret(); `client_tls` is what channel() speaks
  // (plaintext by default; TLS files for a server started with --tls_*).
  // `limits` bound the process (e.g. its file sizes, for a full disk).
  static absl::StatusOr<std::unique_ptr<ServiceProcess>> Start(
      const std::string& service, const std::string& data_dir,
      const std::vector<std::string>& extra_flags = {},
      const auth::TlsFiles& client_tls = {},
      absl::Duration ready_within = absl::Seconds(20),
      const SubprocessLimits& limits = {});

  const std::string& address() const { return address_; }
  const std::string& log_path() const { return log_path_; }
  std::shared_ptr<grpc::Channel> channel() const;
  // A channel with a connection of its own, as a separate client has:
  // channel()'s channels to one address share a single connection.
  std::shared_ptr<grpc::Channel> OwnChannel() const;
  Subprocess& process() { return *process_; }

  // SIGTERM, then waits: the exit code (0 after a graceful shutdown).
  int Stop();

  // Stop() if it still runs, rather than a SIGKILL: a graceful exit is where
  // LeakSanitizer checks the server (tools/sanitize), and Subprocess fails
  // the test on its report.
  ~ServiceProcess();

 private:
  ServiceProcess() = default;
  // What channel() and OwnChannel() speak (throws on unreadable TLS files).
  std::shared_ptr<grpc::ChannelCredentials> Credentials() const;
  std::string address_;
  std::string log_path_;
  auth::TlsFiles client_tls_;
  std::unique_ptr<Subprocess> process_;
};

// The last `lines` lines of a file, for failure messages.
std::string TailOfFile(const std::string& path, int lines = 20);

}  // namespace nanoinfluence::testing
