// Turns a request the server could not parse into INVALID_ARGUMENT naming
// the field, as the contract promises for any bad input (methods taking one
// request message: unary and server-streaming).
//
// gRPC parses a request before any handler runs; when the bytes are not a
// valid message (most often a proto3 string field holding invalid UTF-8,
// which protobuf refuses to parse), gRPC 1.51's callback API answers
// UNIMPLEMENTED with no message. This interceptor notices the missing
// request and rewrites that answer. Protobuf names the offending string
// field in its error log; InstallProtobufLogCapture routes that log here
// (and to the JSON log), and the field is reported by its path in the
// request, e.g. "profile.first_name: not valid UTF-8".
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/support/server_interceptor.h"

namespace nanoinfluence {

class MalformedRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// Routes protobuf's own log lines into the JSON log and remembers, per
// thread, the string field named by a UTF-8 parse error. GrpcServer calls
// it at start; calling it again changes nothing.
void InstallProtobufLogCapture();

// The path in `request` of the field whose full name is `full_name`
// ("profile.first_name", repeated fields as "ambassador_ids[*]"); empty when
// the request does not hold it within a few levels.
std::string FieldPathIn(const google::protobuf::Descriptor* request,
                        absl::string_view full_name);

}  // namespace nanoinfluence
