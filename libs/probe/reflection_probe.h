// A server reflection client (the protocol grpcurl uses), to check from
// outside what a running server exposes.
//
//   NANO_ASSIGN_OR_RETURN(std::vector<std::string> services,
//                         ListServices(channel, absl::Seconds(2)));
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpcpp/channel.h"

namespace nanoinfluence {

// Full names of the services the server hosts, sorted. UNIMPLEMENTED when the
// server has reflection switched off; UNAVAILABLE when it cannot be reached;
// UNAUTHENTICATED when it requires an ops token and `bearer_token` is not one.
absl::StatusOr<std::vector<std::string>> ListServices(
    const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout,
    const std::string& bearer_token = "");

// The file declaring `symbol` (a service, method or message full name) and
// the files it imports, as the server describes them. NOT_FOUND for a symbol
// the server does not know.
absl::StatusOr<std::vector<google::protobuf::FileDescriptorProto>>
FilesContainingSymbol(const std::shared_ptr<grpc::Channel>& channel,
                      const std::string& symbol, absl::Duration timeout,
                      const std::string& bearer_token = "");

}  // namespace nanoinfluence
