#include "libs/auth_flags/auth_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "absl/time/time.h"

ABSL_FLAG(std::string, jwt_algorithm, "HS256",
          "Bearer token signature: HS256 (shared secret), RS256 or ES256 "
          "(key pair).");
ABSL_FLAG(std::string, jwt_secret_file, "",
          "HS256 secret file (>= 32 bytes). When empty, the NANO_JWT_SECRET "
          "environment variable holds the secret.");
ABSL_FLAG(std::string, jwt_public_key_file, "",
          "RS256/ES256: PEM public key that verifies tokens.");
ABSL_FLAG(std::string, jwt_private_key_file, "",
          "RS256/ES256: PEM private key that signs this binary's own service "
          "tokens (optional on a server that calls no peer).");
ABSL_FLAG(std::string, jwt_issuer, "nanoinfluence",
          "Required `iss` claim of tokens.");
ABSL_FLAG(std::string, jwt_audience, "nanoinfluence",
          "Required `aud` claim of tokens.");
ABSL_FLAG(absl::Duration, jwt_clock_skew, absl::Seconds(30),
          "Clock difference tolerated on `exp` and `nbf`.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain: serve TLS with it, and present it to peers "
          "under mutual TLS. Without it, plaintext for loopback peers only.");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file.");
ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM CA bundle verifying the other side's certificate (peers' "
          "servers; clients under mutual TLS).");
ABSL_FLAG(bool, tls_require_client_cert, false,
          "Mutual TLS: refuse clients without a certificate signed by "
          "--tls_ca_file.");

namespace nanoinfluence {

auth::TokenKeyFiles TokenKeyFilesFromFlags() {
  return {
      .algorithm = absl::GetFlag(FLAGS_jwt_algorithm),
      .secret_file = absl::GetFlag(FLAGS_jwt_secret_file),
      .public_key_file = absl::GetFlag(FLAGS_jwt_public_key_file),
      .private_key_file = absl::GetFlag(FLAGS_jwt_private_key_file),
      .issuer = absl::GetFlag(FLAGS_jwt_issuer),
      .audience = absl::GetFlag(FLAGS_jwt_audience),
      .clock_skew = absl::GetFlag(FLAGS_jwt_clock_skew),
  };
}

auth::TlsFiles TlsFilesFromFlags() {
  return {
      .cert_file = absl::GetFlag(FLAGS_tls_cert_file),
      .key_file = absl::GetFlag(FLAGS_tls_key_file),
      .ca_file = absl::GetFlag(FLAGS_tls_ca_file),
      .require_client_cert = absl::GetFlag(FLAGS_tls_require_client_cert),
  };
}

}  // namespace nanoinfluence
