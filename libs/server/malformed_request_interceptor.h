// Turns a request the server could not parse into INVALID_ARGUMENT naming
// the field, as the contract promises for any bad input: for methods taking
// one request message (unary and server-streaming) by itself; for a client
// stream with the reader's help (MalformedStreamMessage below).
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
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"

namespace nanoinfluence {

class MalformedRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// Why the last message a client stream received did not parse ("updates[*].
// carrier: not valid UTF-8"), or "" when the stream simply ended: gRPC
// hands a reader the same OnReadDone(false) for both, and taking a
// malformed message for the end of the input would apply what came before
// it. A reader asks this in OnReadDone(false) and, when it is not empty,
// finishes with INVALID_ARGUMENT and that message, applying nothing.
// (Known when protobuf refused a string that is not UTF-8, the one parse
// error a well-formed client makes; other malformed bytes still read as
// the end of the stream.)
std::string MalformedStreamMessage(const grpc::ServerContextBase& context);

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
