#include "libs/auth/transport_security.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "libs/auth/key_file.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::auth {
namespace {

// An optional PEM file: empty when no path is given.
absl::StatusOr<std::string> ReadPem(const std::string& path,
                                    absl::string_view flag) {
  if (path.empty()) return std::string();
  return ReadKeyFile(path, flag);
}

absl::Status CheckPair(const TlsFiles& files) {
  if (files.cert_file.empty() != files.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert_file, --tls_key_file: give both or neither");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TlsFiles& files) {
  NANO_RETURN_IF_ERROR(CheckPair(files));
  if (!files.server_tls()) {
    if (files.require_client_cert) {
      return absl::InvalidArgumentError(
          "--tls_require_client_cert: needs --tls_cert_file and "
          "--tls_key_file (mutual TLS is TLS)");
    }
    return grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  }
  grpc::SslServerCredentialsOptions options(
      files.require_client_cert
          ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
          : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  NANO_ASSIGN_OR_RETURN(options.pem_root_certs,
                        ReadPem(files.ca_file, "--tls_ca_file"));
  if (files.require_client_cert && options.pem_root_certs.empty()) {
    return absl::InvalidArgumentError(
        "--tls_ca_file: mutual TLS needs the CA that signs client "
        "certificates");
  }
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  NANO_ASSIGN_OR_RETURN(pair.cert_chain,
                        ReadPem(files.cert_file, "--tls_cert_file"));
  NANO_ASSIGN_OR_RETURN(pair.private_key,
                        ReadPem(files.key_file, "--tls_key_file"));
  options.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const TlsFiles& files) {
  NANO_RETURN_IF_ERROR(CheckPair(files));
  if (files.ca_file.empty() && files.cert_file.empty()) {
    // Plaintext, to loopback addresses only: a token never crosses the
    // network unencrypted.
    return grpc::experimental::LocalCredentials(LOCAL_TCP);
  }
  grpc::SslCredentialsOptions options;
  NANO_ASSIGN_OR_RETURN(options.pem_root_certs,
                        ReadPem(files.ca_file, "--tls_ca_file"));
  NANO_ASSIGN_OR_RETURN(options.pem_cert_chain,
                        ReadPem(files.cert_file, "--tls_cert_file"));
  NANO_ASSIGN_OR_RETURN(options.pem_private_key,
                        ReadPem(files.key_file, "--tls_key_file"));
  return grpc::SslCredentials(options);
}

}  // namespace nanoinfluence::auth
