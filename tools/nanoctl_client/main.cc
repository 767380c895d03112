// nanoctl-client: the gRPC verbs behind tools/nanoctl.
//
//   nanoctl-client health <host:port> [<service>] [--wait <seconds>]
//       prints SERVING / NOT_SERVING / ...; exit 0 only when SERVING.
//   nanoctl-client services <host:port>
//       prints the services the server lists through reflection.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "libs/probe/health_probe.h"
#include "libs/probe/reflection_probe.h"

namespace {

constexpr char kUsage[] =
    "usage: nanoctl-client health <host:port> [<service>] [--wait <seconds>]\n"
    "       nanoctl-client services <host:port>\n";

int Health(const std::vector<std::string>& args) {
  std::string address;
  std::string service;
  double wait_seconds = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--wait" && i + 1 < args.size()) {
      if (!absl::SimpleAtod(args[++i], &wait_seconds) || wait_seconds < 0) {
        std::fprintf(stderr, "--wait: not a number of seconds\n");
        return 2;
      }
    } else if (address.empty()) {
      address = args[i];
    } else {
      service = args[i];
    }
  }
  if (address.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  if (wait_seconds > 0) {
    absl::Status serving = nanoinfluence::WaitUntilServing(
        channel, service, absl::Seconds(wait_seconds));
    std::printf("%s\n", serving.ok() ? "SERVING" : serving.ToString().c_str());
    return serving.ok() ? 0 : 1;
  }
  auto status = nanoinfluence::CheckHealth(channel, service, absl::Seconds(2));
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
  if (args.size() != 1) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto channel =
      grpc::CreateChannel(args[0], grpc::InsecureChannelCredentials());
  auto services = nanoinfluence::ListServices(channel, absl::Seconds(3));
  if (!services.ok()) {
    std::fprintf(stderr, "%s\n", services.status().ToString().c_str());
    return 1;
  }
  for (const std::string& name : *services) std::printf("%s\n", name.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string verb = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (verb == "health") return Health(args);
  if (verb == "services") return Services(args);
  std::fputs(kUsage, stderr);
  return 2;
}
