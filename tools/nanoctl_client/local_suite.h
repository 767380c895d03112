// The local suite as `tools/nanoctl up` leaves it, seen from a client: the
// endpoints file (`name=host:port`, one line per component) and the
// development token secret. nanoctl-client and nano-demo reach the services
// through it, and mint their tokens the same way `nanoctl token` does.
//
//   NANO_ASSIGN_OR_RETURN(LocalSuite suite, LocalSuite::Open(options));
//   NANO_RETURN_IF_ERROR(suite.CheckServing({"kpi"}));
//   auto kpi = kpi::v1::KpiService::NewStub(suite.Channel("kpi"));
//   NANO_ASSIGN_OR_RETURN(std::string bearer, suite.Bearer(OpsCaller()));
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "libs/auth/caller.h"
#include "libs/auth/token.h"
#include "libs/auth/transport_security.h"

namespace nanoinfluence::tools {

struct LocalSuiteOptions {
  // `DIR/endpoints` of a suite started with `nanoctl up --data DIR`.
  std::string endpoints_file;
  // The token keys; for the local suite, `secret_file` = `DIR/jwt-secret`.
  auth::TokenKeyFiles token_keys;
  // Client TLS (empty: loopback plaintext, as the local suite serves).
  auth::TlsFiles tls;
};

// The caller `nanoctl token` mints for a role: `subject` when given, else
// the ambassador id, "brand-admin@<brand>" or "<role>-cli".
auth::Caller DevelopmentCaller(common::v1::Role role, std::string brand_id,
                               std::string ambassador_id, std::string subject);

class LocalSuite {
 public:
  // Reads the endpoints file and the token keys. NOT_FOUND naming the file
  // and saying how to start the suite when there is no endpoints file;
  // INVALID_ARGUMENT for a malformed line or unusable keys.
  static absl::StatusOr<LocalSuite> Open(const LocalSuiteOptions& options);

  // host:port of a component ("recruitment", "kpi", "redis"); NOT_FOUND
  // naming the endpoints file when it has no such line.
  absl::StatusOr<std::string> Address(absl::string_view name) const;

  // A channel to a service listed in the endpoints file (one per service,
  // shared by every caller); nullptr for a name the file does not list.
  std::shared_ptr<grpc::Channel> Channel(absl::string_view name) const;

  // "Bearer <token>" for `caller`, valid for `ttl`, signed with the suite's
  // development secret. INVALID_ARGUMENT when the caller's tenant does not
  // fit its role.
  absl::StatusOr<std::string> Bearer(const auth::Caller& caller,
                                     absl::Duration ttl = absl::Hours(2)) const;

  // OK when every named service answers its health check SERVING within
  // `timeout`; otherwise UNAVAILABLE naming each service that does not,
  // its address and what it answered, and how to look at the suite.
  absl::Status CheckServing(const std::vector<std::string>& names,
                            absl::Duration timeout = absl::Seconds(3)) const;

  const std::string& endpoints_file() const { return endpoints_file_; }

 private:
  std::string endpoints_file_;
  std::map<std::string, std::string, std::less<>> addresses_;
  std::map<std::string, std::shared_ptr<grpc::Channel>, std::less<>> channels_;
  auth::TokenSettings token_settings_;
};

}  // namespace nanoinfluence::tools
