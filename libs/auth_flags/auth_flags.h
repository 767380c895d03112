// The token and TLS flags shared by every binary of the suite that serves or
// calls gRPC (the four servers and nanoctl-client), so they are spelled and
// documented once. Link this only into mains: library code takes the
// structs, never the flags.
#pragma once

#include "libs/auth/token.h"
#include "libs/auth/transport_security.h"

namespace nanoinfluence {

// --jwt_algorithm, --jwt_secret_file, --jwt_public_key_file,
// --jwt_private_key_file, --jwt_issuer, --jwt_audience, --jwt_clock_skew.
auth::TokenKeyFiles TokenKeyFilesFromFlags();

// --tls_cert_file, --tls_key_file, --tls_ca_file, --tls_require_client_cert.
auth::TlsFiles TlsFilesFromFlags();

}  // namespace nanoinfluence
