// Transport security on a real service binary: TLS, mutual TLS (a client
// without a certificate from the suite's CA is refused), plaintext reserved
// for loopback peers, and the plaintext health-only port (--health_listen).
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/auth/peer_client.h"
#include "libs/auth/transport_security.h"
#include "libs/probe/health_probe.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/harness/free_port.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_certificates.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {
namespace {

using grpc::health::v1::HealthCheckResponse;

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_dir_ = new TempDir();
    auto made = MakeTestCertificates(pki_dir_->path());
    ASSERT_TRUE(made.ok()) << made.status();
    pki_ = *made;
  }
  static void TearDownTestSuite() { delete pki_dir_; }

  std::vector<std::string> ServerFlags(bool mutual) {
    std::vector<std::string> flags = {
        absl::StrCat("--tls_cert_file=", pki_.server_cert),
        absl::StrCat("--tls_key_file=", pki_.server_key),
        absl::StrCat("--tls_ca_file=", pki_.ca_cert)};
    if (mutual) flags.push_back("--tls_require_client_cert");
    return flags;
  }

  // What a client presents: the CA it trusts, and a certificate or none.
  static auth::TlsFiles Client(const std::string& ca,
                               const std::string& cert = "",
                               const std::string& key = "") {
    auth::TlsFiles files;
    files.ca_file = ca;
    files.cert_file = cert;
    files.key_file = key;
    return files;
  }

  // Whether a client with `credentials` gets health SERVING from `address`.
  static bool Serves(const std::string& address,
                     std::shared_ptr<grpc::ChannelCredentials> credentials) {
    auto health = CheckHealth(grpc::CreateChannel(address, credentials), "",
                              absl::Seconds(3));
    return health.ok() && *health == HealthCheckResponse::SERVING;
  }
  static bool Serves(const std::string& address, const auth::TlsFiles& tls) {
    auto credentials = auth::ChannelCredentialsFor(tls);
    return credentials.ok() && Serves(address, *credentials);
  }

  // An authenticated call over `channel` gets past the transport and auth
  // to the handler, which refuses its empty request.
  static grpc::StatusCode AuthorizedCallCode(
      std::shared_ptr<grpc::Channel> channel) {
    grpc::ClientContext context;
    AddBearer(context, OpsCaller());
    kpi::v1::RecountRequest request;
    kpi::v1::RecountResponse response;
    return kpi::v1::KpiService::NewStub(channel)
        ->Recount(&context, request, &response)
        .error_code();
  }

  static inline TempDir* pki_dir_ = nullptr;
  static inline TestCertificates pki_;
  TempDir dir_;
};

TEST_F(TlsTest, TlsServerAnswersTlsClientsOnly) {
  const auth::TlsFiles client = Client(pki_.ca_cert);
  auto process =
      ServiceProcess::Start("kpi", dir_.path(), ServerFlags(false), client);
  ASSERT_TRUE(process.ok()) << process.status();
  EXPECT_TRUE(Serves((*process)->address(), client));
  EXPECT_FALSE(
      Serves((*process)->address(), grpc::InsecureChannelCredentials()))
      << "plaintext client";
  EXPECT_EQ(AuthorizedCallCode((*process)->channel()),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(TlsTest, MutualTlsRefusesClientsWithoutTheSuitesCertificate) {
  const auth::TlsFiles client =
      Client(pki_.ca_cert, pki_.client_cert, pki_.client_key);
  auto process =
      ServiceProcess::Start("kpi", dir_.path(), ServerFlags(true), client);
  ASSERT_TRUE(process.ok()) << process.status();
  const std::string address = (*process)->address();
  EXPECT_TRUE(Serves(address, client));
  EXPECT_FALSE(Serves(address, Client(pki_.ca_cert)))
      << "no client certificate";
  EXPECT_FALSE(Serves(
      address, Client(pki_.ca_cert, pki_.stranger_cert, pki_.stranger_key)))
      << "certificate of another CA";
  EXPECT_FALSE(Serves(address, grpc::InsecureChannelCredentials()))
      << "plaintext client";
  // The transport does not replace the token: still required.
  grpc::ClientContext context;
  kpi::v1::RecountRequest request;
  kpi::v1::RecountResponse response;
  EXPECT_EQ(kpi::v1::KpiService::NewStub((*process)->channel())
                ->Recount(&context, request, &response)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

// Services call each other presenting their own (server) certificate, as
// auth::PeerClient does with the service's --tls_* files.
TEST_F(TlsTest, ServicesCallEachOtherUnderMutualTls) {
  const auth::TlsFiles service_files =
      Client(pki_.ca_cert, pki_.server_cert, pki_.server_key);
  auto process = ServiceProcess::Start("kpi", dir_.path(), ServerFlags(true),
                                       service_files);
  ASSERT_TRUE(process.ok()) << process.status();
  auth::PeerOptions options;
  options.address = (*process)->address();
  options.tls = service_files;
  options.tokens = TestTokenSettings();
  options.caller_name = "dispatch";
  auto peer = auth::PeerClient::Connect(options);
  ASSERT_TRUE(peer.ok()) << peer.status();
  auto context = (*peer)->NewCall();
  ASSERT_TRUE(context.ok()) << context.status();
  common::v1::IngestEventsRequest request;
  common::v1::IngestEventsResponse response;
  // Through TLS and auth to the (not yet built) handler.
  EXPECT_EQ(kpi::v1::KpiService::NewStub((*peer)->channel())
                ->IngestEvents(context->get(), request, &response)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(TlsTest, MutualTlsWithoutCertificateRefusesToStart) {
  auto process =
      ServiceProcess::Start("kpi", dir_.path(), {"--tls_require_client_cert"});
  EXPECT_FALSE(process.ok());
  EXPECT_NE(std::string(process.status().message()).find("--tls_cert_file"),
            std::string::npos)
      << process.status();
}

// Kubernetes' grpc probe speaks plaintext: beside a TLS main port, the
// health port answers it, without a token, for the whole server and the
// service.
TEST_F(TlsTest, HealthListenServesPlaintextHealthBesideTls) {
  auto port = PickFreePort();
  ASSERT_TRUE(port.ok()) << port.status();
  const std::string health = absl::StrCat("127.0.0.1:", *port);
  std::vector<std::string> flags = ServerFlags(false);
  flags.push_back(absl::StrCat("--health_listen=", health));
  const auth::TlsFiles client = Client(pki_.ca_cert);
  auto process = ServiceProcess::Start("kpi", dir_.path(), flags, client);
  ASSERT_TRUE(process.ok()) << process.status();
  const auto plaintext = grpc::InsecureChannelCredentials();
  EXPECT_FALSE(Serves((*process)->address(), plaintext)) << "main port";
  EXPECT_TRUE(Serves(health, plaintext));
  auto kpi = CheckHealth(grpc::CreateChannel(health, plaintext),
                         ServiceFullName("kpi"), absl::Seconds(3));
  ASSERT_TRUE(kpi.ok()) << kpi.status();
  EXPECT_EQ(*kpi, HealthCheckResponse::SERVING);
  EXPECT_NE(TailOfFile((*process)->log_path())
                .find(absl::StrCat("\"health_address\":\"", health, "\"")),
            std::string::npos)
      << TailOfFile((*process)->log_path());
  EXPECT_EQ((*process)->Stop(), 0);
  EXPECT_FALSE(Serves(health, plaintext)) << "after the shutdown";
}

// A local IPv4 address that is not loopback, or "" when the machine has none.
std::string NonLoopbackAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* entry = list; entry != nullptr && found.empty();
       entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr || entry->ifa_addr->sa_family != AF_INET) {
      continue;
    }
    const in_addr address =
        reinterpret_cast<sockaddr_in*>(entry->ifa_addr)->sin_addr;
    if ((ntohl(address.s_addr) >> 24) == 127) continue;
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &address, text, sizeof(text));
    found = text;
  }
  freeifaddrs(list);
  return found;
}

TEST_F(TlsTest, PlaintextServesLoopbackPeersOnly) {
  const std::string external = NonLoopbackAddress();
  if (external.empty()) GTEST_SKIP() << "no non-loopback IPv4 address here";
  auto process =
      ServiceProcess::Start("kpi", dir_.path(), {"--listen=0.0.0.0:0"});
  ASSERT_TRUE(process.ok()) << process.status();
  const std::string port =
      (*process)->address().substr((*process)->address().rfind(':') + 1);
  const auto plaintext = grpc::InsecureChannelCredentials();
  EXPECT_TRUE(Serves(absl::StrCat("127.0.0.1:", port), plaintext));
  EXPECT_FALSE(Serves(absl::StrCat(external, ":", port), plaintext))
      << "plaintext from " << external;
}

}  // namespace
}  // namespace nanoinfluence::testing
