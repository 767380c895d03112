#include "libs/probe/reflection_probe.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "libs/auth/bearer.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence {
namespace {

namespace reflection = grpc::reflection::v1alpha;

// Sends one question on a new reflection stream and reads its answer.
absl::StatusOr<reflection::ServerReflectionResponse> Ask(
    const std::shared_ptr<grpc::Channel>& channel,
    const reflection::ServerReflectionRequest& request, absl::Duration timeout,
    const std::string& bearer_token) {
  auto stub = reflection::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  if (!bearer_token.empty()) {
    context.AddMetadata(auth::kAuthorizationKey,
                        auth::BearerValue(bearer_token));
  }
  auto stream = stub->ServerReflectionInfo(&context);
  reflection::ServerReflectionResponse response;
  const bool sent = stream->Write(request);
  stream->WritesDone();
  const bool answered = sent && stream->Read(&response);
  grpc::Status status = stream->Finish();
  if (!status.ok()) return FromGrpcStatus(status);
  if (!answered) return absl::UnavailableError("reflection: no answer");
  if (response.has_error_response()) {
    return FromGrpcStatus(grpc::Status(
        static_cast<grpc::StatusCode>(response.error_response().error_code()),
        response.error_response().error_message()));
  }
  return response;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ListServices(
    const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout,
    const std::string& bearer_token) {
  reflection::ServerReflectionRequest request;
  request.set_list_services("*");
  absl::StatusOr<reflection::ServerReflectionResponse> response =
      Ask(channel, request, timeout, bearer_token);
  if (!response.ok()) return response.status();
  std::vector<std::string> names;
  for (const auto& service : response->list_services_response().service()) {
    names.push_back(service.name());
  }
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<std::vector<google::protobuf::FileDescriptorProto>>
FilesContainingSymbol(const std::shared_ptr<grpc::Channel>& channel,
                      const std::string& symbol, absl::Duration timeout,
                      const std::string& bearer_token) {
  reflection::ServerReflectionRequest request;
  request.set_file_containing_symbol(symbol);
  absl::StatusOr<reflection::ServerReflectionResponse> response =
      Ask(channel, request, timeout, bearer_token);
  if (!response.ok()) return response.status();
  std::vector<google::protobuf::FileDescriptorProto> files;
  for (const std::string& bytes :
       response->file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    if (!file.ParseFromString(bytes)) {
      return absl::DataLossError(
          absl::StrCat("reflection: unreadable descriptor for ", symbol));
    }
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace nanoinfluence
