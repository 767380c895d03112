// The one place where absl::Status (below the RPC layer) and grpc::Status (on
// the wire) are converted. Codes map one to one, message kept; a code the
// conversion does not know becomes INTERNAL, never UNKNOWN.
//
//   grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
//   reactor->Finish(ToGrpcStatus(core_.Allocate(request)));
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace nanoinfluence {

// absl::Status -> grpc::Status, for the gRPC glue of every service.
grpc::Status ToGrpcStatus(const absl::Status& status);

// grpc::Status -> absl::Status, for clients of another service.
absl::Status FromGrpcStatus(const grpc::Status& status);

// The canonical upper-case name of a gRPC code, e.g. "NOT_FOUND", for logs;
// "INVALID_CODE" for a number that names none. An int, not a
// grpc::StatusCode: a number outside the enum's values (a peer may send any)
// must not be held in the enum type, which is undefined behaviour
// (UBSan reports it).
const char* GrpcCodeName(int code);

}  // namespace nanoinfluence
