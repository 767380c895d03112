#include "tools/nanoctl_client/local_suite.h"

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "libs/probe/health_probe.h"
#include "libs/status/status_macros.h"
#include "libs/suite/suite_services.h"

namespace nanoinfluence::tools {
namespace {

std::string DirectoryOf(const std::string& file) {
  const size_t slash = file.rfind('/');
  return slash == std::string::npos ? "." : file.substr(0, slash);
}

}  // namespace

auth::Caller DevelopmentCaller(common::v1::Role role, std::string brand_id,
                               std::string ambassador_id, std::string subject) {
  auth::Caller caller;
  caller.role = role;
  caller.brand_id = std::move(brand_id);
  caller.ambassador_id = std::move(ambassador_id);
  caller.subject = std::move(subject);
  if (caller.subject.empty()) {
    caller.subject = !caller.ambassador_id.empty() ? caller.ambassador_id
                     : !caller.brand_id.empty()
                         ? "brand-admin@" + caller.brand_id
                         : std::string(auth::RoleName(caller.role)) + "-cli";
  }
  return caller;
}

absl::StatusOr<LocalSuite> LocalSuite::Open(const LocalSuiteOptions& options) {
  LocalSuite suite;
  suite.endpoints_file_ = options.endpoints_file;
  std::ifstream file(options.endpoints_file);
  if (!file) {
    const std::string dir = DirectoryOf(options.endpoints_file);
    return absl::NotFoundError(absl::StrCat(
        "no suite is up in ", dir, ": ", options.endpoints_file,
        " does not exist (start one with: tools/nanoctl up --data ", dir, ")"));
  }
  std::string line;
  int number = 0;
  while (std::getline(file, line)) {
    ++number;
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty()) continue;
    std::vector<std::string> parts =
        absl::StrSplit(text, absl::MaxSplits('=', 1));
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(options.endpoints_file, ":", number,
                       ": expected name=host:port, got \"", text, "\""));
    }
    suite.addresses_[parts[0]] = parts[1];
  }
  NANO_ASSIGN_OR_RETURN(suite.token_settings_,
                        auth::LoadTokenSettings(options.token_keys));
  NANO_ASSIGN_OR_RETURN(auto credentials,
                        auth::ChannelCredentialsFor(options.tls));
  for (const SuiteService& service : kSuiteServices) {
    auto address = suite.addresses_.find(service.name);
    if (address == suite.addresses_.end()) continue;
    grpc::ChannelArguments arguments;
    // Large exports and reports; the servers cap requests themselves.
    arguments.SetMaxReceiveMessageSize(16 << 20);
    suite.channels_[std::string(service.name)] =
        grpc::CreateCustomChannel(address->second, credentials, arguments);
  }
  return suite;
}

absl::StatusOr<std::string> LocalSuite::Address(absl::string_view name) const {
  auto found = addresses_.find(name);
  if (found == addresses_.end()) {
    return absl::NotFoundError(
        absl::StrCat(endpoints_file_, " lists no address for ", name));
  }
  return found->second;
}

std::shared_ptr<grpc::Channel> LocalSuite::Channel(
    absl::string_view name) const {
  auto found = channels_.find(name);
  return found == channels_.end() ? nullptr : found->second;
}

absl::StatusOr<std::string> LocalSuite::Bearer(const auth::Caller& caller,
                                               absl::Duration ttl) const {
  NANO_ASSIGN_OR_RETURN(
      std::string token,
      auth::MintToken(token_settings_, caller, ttl, absl::Now()));
  return absl::StrCat("Bearer ", token);
}

absl::Status LocalSuite::CheckServing(const std::vector<std::string>& names,
                                      absl::Duration timeout) const {
  std::vector<std::string> problems;
  for (const std::string& name : names) {
    const SuiteService* service = FindSuiteService(name);
    auto channel = Channel(name);
    if (service == nullptr || channel == nullptr) {
      problems.push_back(
          absl::StrCat(name, ": not listed in ", endpoints_file_));
      continue;
    }
    absl::StatusOr<ServingStatus> health =
        CheckHealth(channel, std::string(service->full_name), timeout);
    if (health.ok() &&
        *health == grpc::health::v1::HealthCheckResponse::SERVING) {
      continue;
    }
    std::string answer;
    if (health.ok()) {
      answer =
          grpc::health::v1::HealthCheckResponse::ServingStatus_Name(*health);
    } else if (absl::IsUnavailable(health.status()) ||
               absl::IsDeadlineExceeded(health.status())) {
      answer = "down (it does not answer)";
    } else {
      answer = absl::StrCat("not healthy (", health.status().ToString(), ")");
    }
    problems.push_back(
        absl::StrCat(name, " at ", addresses_.at(name), " is ", answer));
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(
      absl::StrJoin(problems, "; "), " (see tools/nanoctl status --data ",
      DirectoryOf(endpoints_file_), " and the logs in ",
      DirectoryOf(endpoints_file_), "/logs/)"));
}

}  // namespace nanoinfluence::tools
