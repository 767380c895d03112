#include "tests/harness/service_process.h"

#include <signal.h>

#include <deque>
#include <fstream>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/probe/health_probe.h"
#include "libs/suite/suite_services.h"
#include "tests/harness/test_database.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {

std::string ServiceFullName(const std::string& service) {
  const SuiteService* found = FindSuiteService(service);
  return found == nullptr ? "" : std::string(found->full_name);
}

std::string ServiceBinary(const std::string& service) {
  return absl::StrCat(NANO_BUILD_DIR, "/services/", service, "/", service,
                      "_server");
}

std::string TailOfFile(const std::string& path, int lines) {
  std::ifstream in(path);
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(line);
    if (static_cast<int>(tail.size()) > lines) tail.pop_front();
  }
  return absl::StrJoin(tail, "\n");
}

absl::StatusOr<std::unique_ptr<ServiceProcess>> ServiceProcess::Start(
    const std::string& service, const std::string& data_dir,
    const std::vector<std::string>& extra_flags,
    const auth::TlsFiles& client_tls, absl::Duration ready_within,
    const SubprocessLimits& limits) {
  std::unique_ptr<ServiceProcess> result(new ServiceProcess());
  result->client_tls_ = client_tls;
  const std::string port_file = absl::StrCat(data_dir, "/", service, ".port");
  std::remove(port_file.c_str());
  result->log_path_ = absl::StrCat(data_dir, "/", service, ".log");
  absl::StatusOr<std::string> secret_file = WriteTestSecret(data_dir);
  if (!secret_file.ok()) return secret_file.status();
  // Empty (SQLite under the data dir) but in the `postgres.` variants.
  std::string database_url;
  if (OnPostgres()) {
    absl::StatusOr<std::string> url = TestDatabaseUrl(data_dir, service);
    if (!url.ok()) return url.status();
    database_url = *url;
  }
  std::vector<std::string> argv = {
      ServiceBinary(service), "--listen=127.0.0.1:0",
      absl::StrCat("--port_file=", port_file),
      absl::StrCat("--data_dir=", data_dir), "--shutdown_grace=5s",
      // A NANO_DATABASE_URL in the test's environment must never point a test
      // server at a real database.
      absl::StrCat("--database_url=", database_url),
      absl::StrCat("--jwt_secret_file=", *secret_file)};
  argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
  auto process = Subprocess::Start(argv, result->log_path_, limits);
  if (!process.ok()) return process.status();
  result->process_ = std::move(*process);

  const absl::Time deadline = absl::Now() + ready_within;
  while (result->address_.empty()) {
    std::ifstream in(port_file);
    std::getline(in, result->address_);
    if (!result->address_.empty()) break;
    if (!result->process_->running() || absl::Now() > deadline) {
      return absl::UnavailableError(
          absl::StrCat(service, " did not start; its log:\n",
                       TailOfFile(result->log_path_)));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  absl::Status serving = WaitUntilServing(
      result->channel(), ServiceFullName(service), ready_within);
  if (!serving.ok()) {
    return absl::UnavailableError(
        absl::StrCat(service, " is not serving: ", serving.ToString(),
                     "; its log:\n", TailOfFile(result->log_path_)));
  }
  return result;
}

std::shared_ptr<grpc::ChannelCredentials> ServiceProcess::Credentials() const {
  auto credentials = auth::ChannelCredentialsFor(client_tls_);
  if (!credentials.ok()) {
    throw std::runtime_error(credentials.status().ToString());
  }
  return *std::move(credentials);
}

std::shared_ptr<grpc::Channel> ServiceProcess::channel() const {
  return grpc::CreateChannel(address_, Credentials());
}

std::shared_ptr<grpc::Channel> ServiceProcess::OwnChannel() const {
  grpc::ChannelArguments own_connection;
  own_connection.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address_, Credentials(), own_connection);
}

ServiceProcess::~ServiceProcess() {
  if (process_ != nullptr && process_->running()) Stop();
}

int ServiceProcess::Stop() {
  process_->Signal(SIGTERM);
  process_->Signal(SIGCONT);  // a paused server must wake to see the SIGTERM
  return process_->Wait();
}

}  // namespace nanoinfluence::testing
