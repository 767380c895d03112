// nanoctl-client: the verbs of tools/nanoctl that speak gRPC or mint tokens.
//
//   nanoctl-client health <host:port> [<service>] [--wait=<seconds>]
//       prints SERVING / NOT_SERVING / ...; exit 0 only when SERVING.
//   nanoctl-client services <host:port> [--token=<ops token>]
//       prints the services the server lists through reflection.
//   nanoctl-client token --role=ops|brand|ambassador|service
//                        [--brand=ID] [--ambassador=ID] [--subject=S]
//                        [--ttl=1h] --jwt_secret_file=F
//       prints a bearer token signed with the development secret (or, with
//       --jwt_algorithm=RS256/ES256, --jwt_private_key_file).
//   nanoctl-client report <campaign> [--html=FILE | --csv=DIR]
//                         --endpoints=F --jwt_secret_file=S
//       prints the campaign's KPI report as a table, or writes kpi's HTML
//       export to FILE or its CSV export into DIR.
//   nanoctl-client recount <campaign> --endpoints=F --jwt_secret_file=S
//       kpi recounts the campaign from its event log without changing
//       anything; prints the figures that differ (exit 3 when some do).
//   nanoctl-client outbox --db_dir=DIR
//       pending events per producer and subscriber, read from the services'
//       SQLite files in DIR.
//
// Every flag can also be set as NANO_<FLAG>; --tls_* speak TLS to servers.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/token.h"
#include "libs/auth/transport_security.h"
#include "libs/auth_flags/auth_flags.h"
#include "libs/flags/env_flags.h"
#include "libs/probe/health_probe.h"
#include "libs/probe/reflection_probe.h"
#include "tools/nanoctl_client/local_suite.h"
#include "tools/nanoctl_client/outbox_status.h"
#include "tools/nanoctl_client/verbs.h"

ABSL_FLAG(double, wait, 0, "health: wait up to this many seconds for SERVING.");
ABSL_FLAG(std::string, token, "",
          "services: bearer token, for servers whose reflection requires ops.");
ABSL_FLAG(std::string, role, "", "token: ops, brand, ambassador or service.");
ABSL_FLAG(std::string, brand, "", "token: the brand id a brand token binds.");
ABSL_FLAG(std::string, ambassador, "",
          "token: the ambassador id an ambassador token binds.");
ABSL_FLAG(std::string, subject, "",
          "token: the `sub` claim (default: derived from role and id).");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(1), "token: lifetime.");
ABSL_FLAG(std::string, endpoints, "",
          "report, recount: the suite's endpoints file (<data>/endpoints).");
ABSL_FLAG(std::string, html, "", "report: write the HTML export to this file.");
ABSL_FLAG(std::string, csv, "",
          "report: write the CSV export into this directory.");
ABSL_FLAG(std::string, db_dir, "",
          "outbox: the services' database directory (<data>/db).");

namespace nanoinfluence {
namespace {

constexpr char kUsage[] =
    "usage: nanoctl-client health <host:port> [<service>] [--wait=<seconds>]\n"
    "       nanoctl-client services <host:port> [--token=<ops token>]\n"
    "       nanoctl-client token --role=<role> [--brand=ID|--ambassador=ID]\n"
    "                      [--subject=S] [--ttl=1h] --jwt_secret_file=F\n"
    "       nanoctl-client report <campaign> [--html=FILE|--csv=DIR]\n"
    "                      --endpoints=F --jwt_secret_file=S\n"
    "       nanoctl-client recount <campaign> --endpoints=F "
    "--jwt_secret_file=S\n"
    "       nanoctl-client outbox --db_dir=DIR\n";

int Usage() {
  std::fputs(kUsage, stderr);
  return 2;
}

// A channel speaking what the --tls_* flags say; exits 2 on bad files.
std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  auto credentials = auth::ChannelCredentialsFor(TlsFilesFromFlags());
  if (!credentials.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(credentials.status().message()).c_str());
    std::exit(2);
  }
  return grpc::CreateChannel(address, *credentials);
}

int Health(const std::vector<std::string>& args) {
  if (args.empty() || args.size() > 2) return Usage();
  const std::string service = args.size() == 2 ? args[1] : "";
  const double wait_seconds = absl::GetFlag(FLAGS_wait);
  auto channel = Channel(args[0]);
  if (wait_seconds > 0) {
    absl::Status serving =
        WaitUntilServing(channel, service, absl::Seconds(wait_seconds));
    std::printf("%s\n", serving.ok() ? "SERVING" : serving.ToString().c_str());
    return serving.ok() ? 0 : 1;
  }
  auto status = CheckHealth(channel, service, absl::Seconds(2));
  if (!status.ok()) {
    std::printf("DOWN (%s)\n", status.status().ToString().c_str());
    return 1;
  }
  std::printf("%s\n",
              grpc::health::v1::HealthCheckResponse::ServingStatus_Name(*status)
                  .c_str());
  return *status == grpc::health::v1::HealthCheckResponse::SERVING ? 0 : 1;
}

int Services(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage();
  auto services = ListServices(Channel(args[0]), absl::Seconds(3),
                               absl::GetFlag(FLAGS_token));
  if (!services.ok()) {
    std::fprintf(stderr, "%s\n", services.status().ToString().c_str());
    return 1;
  }
  for (const std::string& name : *services) std::printf("%s\n", name.c_str());
  return 0;
}

int Token(const std::vector<std::string>& args) {
  if (!args.empty()) return Usage();
  const auto role = auth::ParseRoleName(absl::GetFlag(FLAGS_role))
                        .value_or(common::v1::ROLE_UNSPECIFIED);
  if (role == common::v1::ROLE_UNSPECIFIED) {
    std::fprintf(stderr,
                 "--role: \"%s\" is not ops, brand, ambassador or service\n",
                 absl::GetFlag(FLAGS_role).c_str());
    return 2;
  }
  const auth::Caller caller = tools::DevelopmentCaller(
      role, absl::GetFlag(FLAGS_brand), absl::GetFlag(FLAGS_ambassador),
      absl::GetFlag(FLAGS_subject));
  auto settings = auth::LoadTokenSettings(TokenKeyFilesFromFlags());
  if (!settings.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(settings.status().message()).c_str());
    return 2;
  }
  auto token =
      auth::MintToken(*settings, caller, absl::GetFlag(FLAGS_ttl), absl::Now());
  if (!token.ok()) {
    std::fprintf(stderr, "%s\n", std::string(token.status().message()).c_str());
    return 2;
  }
  std::printf("%s\n", token->c_str());
  return 0;
}

tools::VerbContext VerbContextFromFlags() {
  tools::VerbContext context;
  context.suite.endpoints_file = absl::GetFlag(FLAGS_endpoints);
  context.suite.token_keys = TokenKeyFilesFromFlags();
  context.suite.tls = TlsFilesFromFlags();
  context.html_file = absl::GetFlag(FLAGS_html);
  context.csv_dir = absl::GetFlag(FLAGS_csv);
  return context;
}

int Outbox(const std::vector<std::string>& args) {
  const std::string db_dir = absl::GetFlag(FLAGS_db_dir);
  if (!args.empty() || db_dir.empty()) return Usage();
  std::fputs(
      tools::FormatOutboxStatus(tools::ReadOutboxStatus(db_dir, absl::Now()))
          .c_str(),
      stdout);
  return 0;
}

}  // namespace
}  // namespace nanoinfluence

int main(int argc, char** argv) {
  std::vector<std::string> args = nanoinfluence::ParseFlagsWithEnvironment(
      argc, argv, nanoinfluence::kUsage);
  if (args.empty()) return nanoinfluence::Usage();
  const std::string verb = args.front();
  args.erase(args.begin());
  if (verb == "health") return nanoinfluence::Health(args);
  if (verb == "services") return nanoinfluence::Services(args);
  if (verb == "token") return nanoinfluence::Token(args);
  if (verb == "report") {
    return nanoinfluence::tools::ReportVerb(
        args, nanoinfluence::VerbContextFromFlags());
  }
  if (verb == "recount") {
    return nanoinfluence::tools::RecountVerb(
        args, nanoinfluence::VerbContextFromFlags());
  }
  if (verb == "outbox") return nanoinfluence::Outbox(args);
  return nanoinfluence::Usage();
}
