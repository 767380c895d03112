// Transport security of servers and clients from certificate files.
//
// Without a certificate a server speaks plaintext and accepts connections
// from loopback peers only (gRPC's local credentials): the local suite. With
// one it speaks TLS; with `require_client_cert` it also demands a client
// certificate signed by the CA (mutual TLS).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace nanoinfluence::auth {

struct TlsFiles {
  // PEM certificate chain and private key: a server's own, and the client
  // certificate a client presents under mutual TLS. A service uses one
  // certificate for both, so it needs both extended key usages (serverAuth
  // and clientAuth) when services call each other under mutual TLS.
  std::string cert_file;
  std::string key_file;
  // PEM CA bundle: servers verify client certificates with it, clients the
  // server's certificate (system roots when only a certificate is given).
  std::string ca_file;
  // Server side: refuse clients without a certificate signed by `ca_file`.
  bool require_client_cert = false;

  bool server_tls() const { return !cert_file.empty(); }
};

// INVALID_ARGUMENT naming the flag for an inconsistent or unreadable set.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TlsFiles& files);

// TLS when a CA or a client certificate is given; otherwise plaintext that
// connects to loopback addresses only (gRPC local credentials), so the
// suite's tokens never cross a network in clear.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const TlsFiles& files);

}  // namespace nanoinfluence::auth
