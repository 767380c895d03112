#include "libs/auth/auth_processor.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/auth/bearer.h"
#include "libs/log/json_log.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence::auth {
namespace {

// Open to every caller: probes and load balancers.
const absl::flat_hash_set<absl::string_view>& PublicPaths() {
  static const auto* paths = new absl::flat_hash_set<absl::string_view>{
      "/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"};
  return *paths;
}

// Open, or ops only (AuthOptions::reflection_requires_ops).
const absl::flat_hash_set<absl::string_view>& ReflectionPaths() {
  static const auto* paths = new absl::flat_hash_set<absl::string_view>{
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"};
  return *paths;
}

absl::string_view Path(const grpc::AuthMetadataProcessor::InputMetadata& md) {
  auto it = md.find(":path");
  if (it == md.end()) return "";
  return absl::string_view(it->second.data(), it->second.size());
}

AuthOptions WithVerifier(AuthOptions options) {
  if (options.verifier == nullptr) {
    options.verifier = std::make_shared<TokenVerifier>(options.tokens);
  }
  return options;
}

}  // namespace

AuthProcessor::AuthProcessor(AccessPolicyTable policies, AuthOptions options)
    : policies_(std::move(policies)),
      options_(WithVerifier(std::move(options))),
      write_limiter_(options_.write_limit) {}

grpc::Status AuthProcessor::Process(const InputMetadata& metadata,
                                    grpc::AuthContext*, OutputMetadata*,
                                    OutputMetadata*) {
  const absl::string_view path = Path(metadata);
  grpc::Status status = Check(path, metadata);
  // A refused call never reaches the server's call log: say it here.
  if (!status.ok()) {
    LogLine("warn", "call refused")
        .Add("method", path)
        .Add("code", GrpcCodeName(status.error_code()))
        .Add("error", status.error_message())
        .Emit();
  }
  return status;
}

grpc::Status AuthProcessor::Check(absl::string_view path,
                                  const InputMetadata& metadata) {
  const MethodPolicy* policy = policies_.Find(path);
  if (policy == nullptr) {
    if (PublicPaths().contains(path)) return grpc::Status::OK;
    if (!ReflectionPaths().contains(path)) {
      return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                          absl::StrCat("unknown method ", path));
    }
    if (!options_.reflection_requires_ops) return grpc::Status::OK;
  }
  absl::StatusOr<Caller> caller =
      CallerFromMetadata(metadata, *options_.verifier);
  if (!caller.ok()) return ToGrpcStatus(caller.status());

  const bool allowed = policy == nullptr ? caller->role == common::v1::ROLE_OPS
                                         : policy->Allows(caller->role);
  if (!allowed) {
    return grpc::Status(
        grpc::StatusCode::PERMISSION_DENIED,
        absl::StrCat("role ", RoleName(caller->role), " may not call ", path));
  }
  if (policy != nullptr && policy->writes &&
      caller->role != common::v1::ROLE_SERVICE &&
      !write_limiter_.Allow(
          absl::StrCat(RoleName(caller->role), "/", caller->subject),
          absl::Now())) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("rate limit: too many writes from ",
                                     caller->subject, "; retry with backoff"));
  }
  return grpc::Status::OK;
}

}  // namespace nanoinfluence::auth
