// Turns a request the server could not parse into INVALID_ARGUMENT naming
// the field, as the contract promises for any bad input: for methods taking
// one request message (unary and server-streaming) by itself; for a client
// stream, its reader reads raw bytes and parses them with ParseStreamMessage
// (below).
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
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_interceptor.h"

namespace nanoinfluence {

class MalformedRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// Parses one message of a client stream into `message`: OK, or
// INVALID_ARGUMENT naming the field ("updates[*].carrier: not valid UTF-8")
// or, for bytes that are no such message at all, "request: not a valid
// <type> message ...".
//
// Why client streams read raw bytes (the method registered with the
// generated WithRawCallbackMethod_<Method>): when gRPC 1.51 parses a
// stream's message itself and the parse fails, it drops the parse status
// and hands the reader OnReadDone(false), exactly what it hands it at the
// end of the stream; the interceptors see no message either way. A reader
// that took a malformed message for the end of the input would apply what
// came before it. Parsing here, the reader knows, and finishes with this
// error, applying nothing.
grpc::Status ParseStreamMessage(grpc::ByteBuffer& bytes,
                                google::protobuf::Message* message);

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
