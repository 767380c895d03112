// Certificates and signing keys made fresh for a test with the openssl tool:
// a CA, a server certificate for 127.0.0.1/localhost and a client
// certificate both signed by it, a certificate from an unrelated CA, and
// RS256/ES256 token key pairs.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace nanoinfluence::testing {

struct TestCertificates {
  std::string ca_cert;
  std::string server_cert;
  std::string server_key;
  std::string client_cert;
  std::string client_key;
  // Signed by another CA: must be refused under mutual TLS.
  std::string stranger_cert;
  std::string stranger_key;
  std::string rsa_private_key;
  std::string rsa_public_key;
  std::string ec_private_key;
  std::string ec_public_key;
};

// Writes the files into `dir` and returns their paths.
absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& dir);

}  // namespace nanoinfluence::testing
