#include "libs/server/malformed_request_interceptor.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/stubs/logging.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "libs/log/json_log.h"

namespace nanoinfluence {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The field of the last UTF-8 parse error on this thread. gRPC parses a
// request and runs the POST_RECV_MESSAGE interceptors on the same thread,
// one right after the other.
thread_local std::string last_invalid_utf8_field;

void CaptureProtobufLog(google::protobuf::LogLevel level, const char*, int,
                        const std::string& message) {
  // "String field 'pkg.Message.field' contains invalid UTF-8 data when
  // parsing a protocol buffer. ..."
  constexpr absl::string_view kPrefix = "String field '";
  const absl::string_view text = message;
  // Serializing a response with such a string logs the same words, "when
  // serializing": only a request being parsed is the client's fault.
  if (absl::StartsWith(text, kPrefix) &&
      absl::StrContains(text, "when parsing")) {
    const size_t end = text.find('\'', kPrefix.size());
    if (end != absl::string_view::npos) {
      last_invalid_utf8_field =
          std::string(text.substr(kPrefix.size(), end - kPrefix.size()));
    }
  }
  LogLine(level >= google::protobuf::LOGLEVEL_ERROR ? "error" : "warn",
          "protobuf")
      .Add("detail", message)
      .Emit();
}

bool FindPath(const google::protobuf::Descriptor* message,
              absl::string_view full_name, int depth, std::string* path) {
  if (depth > 6) return false;
  for (int i = 0; i < message->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = message->field(i);
    std::string step =
        absl::StrCat(field->name(), field->is_repeated() ? "[*]" : "");
    if (field->full_name() == full_name) {
      *path = step;
      return true;
    }
    std::string rest;
    if (field->message_type() != nullptr &&
        FindPath(field->message_type(), full_name, depth + 1, &rest)) {
      *path = absl::StrCat(step, ".", rest);
      return true;
    }
  }
  return false;
}

// Why a message of type `type` (null: unknown) did not parse; `field` is
// the full name of the string protobuf found not UTF-8, if any.
std::string Unparsed(const google::protobuf::Descriptor* type,
                     const std::string& field) {
  if (type != nullptr && !field.empty()) {
    const std::string path = FieldPathIn(type, field);
    if (!path.empty()) return absl::StrCat(path, ": not valid UTF-8");
  }
  return absl::StrCat("request: not a valid ",
                      type != nullptr ? type->full_name() : "request",
                      " message (malformed bytes, or a string that is not "
                      "UTF-8)");
}

class MalformedRequestInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    // A method with one request message: no message after the read means
    // it did not parse. (On a client stream, no message is the normal end.)
    const auto type = info_->type();
    const bool one_request =
        type == grpc::experimental::ServerRpcInfo::Type::UNARY ||
        type == grpc::experimental::ServerRpcInfo::Type::SERVER_STREAMING;
    if (one_request && methods->QueryInterceptionHookPoint(
                           InterceptionHookPoints::POST_RECV_MESSAGE)) {
      if (methods->GetRecvMessage() == nullptr) {
        error_ = Describe();
      } else {
        // A UTF-8 complaint logged by something else on this thread (a
        // response being serialized) must not be blamed on a later request.
        last_invalid_utf8_field.clear();
      }
    }
    // (On a client stream no message is also how the stream ends: its
    // reader parses the bytes itself, ParseStreamMessage.)
    if (!error_.empty() && methods->QueryInterceptionHookPoint(
                               InterceptionHookPoints::PRE_SEND_STATUS)) {
      methods->ModifySendStatus(
          grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, error_));
    }
    methods->Proceed();
  }

 private:
  std::string Describe() {
    std::string field;
    field.swap(last_invalid_utf8_field);
    // "/pkg.Service/Method" -> "pkg.Service.Method"
    const std::string method_name = absl::StrReplaceAll(
        absl::string_view(info_->method()).substr(1), {{"/", "."}});
    const auto* method =
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
            method_name);
    return Unparsed(method != nullptr ? method->input_type() : nullptr, field);
  }

  grpc::experimental::ServerRpcInfo* info_;
  std::string error_;
};

}  // namespace

grpc::experimental::Interceptor*
MalformedRequestInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new MalformedRequestInterceptor(info);
}

grpc::Status ParseStreamMessage(grpc::ByteBuffer& bytes,
                                google::protobuf::Message* message) {
  // Protobuf logs a UTF-8 failure on this thread, during the parse.
  last_invalid_utf8_field.clear();
  grpc::ProtoBufferReader reader(&bytes);
  if (message->ParseFromZeroCopyStream(&reader)) return grpc::Status::OK;
  std::string field;
  field.swap(last_invalid_utf8_field);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      Unparsed(message->GetDescriptor(), field));
}

void InstallProtobufLogCapture() {
  google::protobuf::SetLogHandler(&CaptureProtobufLog);
}

std::string FieldPathIn(const google::protobuf::Descriptor* request,
                        absl::string_view full_name) {
  std::string path;
  return FindPath(request, full_name, 0, &path) ? path : std::string();
}

}  // namespace nanoinfluence
