#include "tests/harness/test_certificates.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace nanoinfluence::testing {
namespace {

absl::Status Run(const std::string& dir, const std::string& command) {
  const std::string line =
      absl::StrCat("cd '", dir, "' && ", command, " >>openssl.log 2>&1");
  if (std::system(line.c_str()) != 0) {
    return absl::InternalError(
        absl::StrCat("openssl failed (see ", dir, "/openssl.log): ", command));
  }
  return absl::OkStatus();
}

// A key and a certificate for `name` signed by the CA `ca` (ca.pem/ca.key).
std::string SignedLeaf(const std::string& name, const std::string& ca,
                       const std::string& extension) {
  return absl::StrCat(
      "openssl req -newkey rsa:2048 -nodes -keyout ", name,
      ".key -subj /CN=", name, " -out ", name, ".csr && printf '", extension,
      "' >", name, ".ext && openssl x509 -req -in ", name, ".csr -CA ", ca,
      ".pem -CAkey ", ca, ".key -CAcreateserial -days 2 -extfile ", name,
      ".ext -out ", name, ".pem");
}

std::string SelfSignedCa(const std::string& name) {
  return absl::StrCat("openssl req -x509 -newkey rsa:2048 -nodes -keyout ",
                      name, ".key -subj /CN=", name, " -days 2 -out ", name,
                      ".pem");
}

}  // namespace

absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir) {
  for (const std::string& command : {
           SelfSignedCa("ca"),
           SelfSignedCa("other-ca"),
           // Both usages: a service presents its own certificate as a
           // client when it calls its peers under mutual TLS.
           SignedLeaf("server", "ca",
                      "subjectAltName=IP:127.0.0.1,DNS:localhost\\n"
                      "extendedKeyUsage=serverAuth,clientAuth\\n"),
           SignedLeaf("client", "ca", "extendedKeyUsage=clientAuth\\n"),
           SignedLeaf("stranger", "other-ca", "extendedKeyUsage=clientAuth\\n"),
           std::string("openssl genrsa -out rsa.key 2048 && openssl rsa -in "
                       "rsa.key -pubout -out rsa.pub"),
           std::string("openssl ecparam -name prime256v1 -genkey -noout -out "
                       "ec.key && openssl ec -in ec.key -pubout -out ec.pub"),
       }) {
    absl::Status ran = Run(dir, command);
    if (!ran.ok()) return ran;
  }
  auto file = [&](const char* name) { return absl::StrCat(dir, "/", name); };
  return TestCertificates{
      .ca_cert = file("ca.pem"),
      .server_cert = file("server.pem"),
      .server_key = file("server.key"),
      .client_cert = file("client.pem"),
      .client_key = file("client.key"),
      .stranger_cert = file("stranger.pem"),
      .stranger_key = file("stranger.key"),
      .rsa_private_key = file("rsa.key"),
      .rsa_public_key = file("rsa.pub"),
      .ec_private_key = file("ec.key"),
      .ec_public_key = file("ec.pub"),
  };
}

}  // namespace nanoinfluence::testing
