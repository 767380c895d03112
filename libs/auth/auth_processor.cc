#include "libs/auth/auth_processor.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/log/json_log.h"
#include "libs/status/grpc_status.h"

namespace nanoinfluence::auth {
namespace {

constexpr absl::string_view kHealthPrefix = "/grpc.health.v1.Health/";
constexpr absl::string_view kReflectionPrefix = "/grpc.reflection.";
constexpr absl::string_view kBearer = "Bearer ";

absl::string_view Value(const grpc::AuthMetadataProcessor::InputMetadata& md,
                        absl::string_view key) {
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return "";
  return absl::string_view(it->second.data(), it->second.size());
}

void Record(const Caller& caller, grpc::AuthContext* context) {
  context->AddProperty(kRoleProperty, std::string(RoleName(caller.role)));
  context->AddProperty(kSubjectProperty, caller.subject);
  if (!caller.brand_id.empty()) {
    context->AddProperty(kBrandProperty, caller.brand_id);
  }
  if (!caller.ambassador_id.empty()) {
    context->AddProperty(kAmbassadorProperty, caller.ambassador_id);
  }
}

}  // namespace

AuthProcessor::AuthProcessor(AccessPolicyTable policies, AuthOptions options)
    : policies_(std::move(policies)),
      options_(std::move(options)),
      write_limiter_(options_.write_limit) {}

absl::StatusOr<Caller> AuthProcessor::Authenticate(
    const InputMetadata& metadata) const {
  const absl::string_view header = Value(metadata, "authorization");
  if (header.empty()) {
    return absl::UnauthenticatedError(
        "authorization: no bearer token (metadata \"authorization: Bearer "
        "<token>\")");
  }
  if (!absl::StartsWithIgnoreCase(header, kBearer)) {
    return absl::UnauthenticatedError(
        "authorization: not a bearer token (expected \"Bearer <token>\")");
  }
  return VerifyToken(*options_.tokens, header.substr(kBearer.size()),
                     absl::Now());
}

grpc::Status AuthProcessor::Process(const InputMetadata& metadata,
                                    grpc::AuthContext* context,
                                    OutputMetadata* consumed_metadata,
                                    OutputMetadata*) {
  const absl::string_view path = Value(metadata, ":path");
  grpc::Status status = Check(path, metadata, context, consumed_metadata);
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
                                  const InputMetadata& metadata,
                                  grpc::AuthContext* context,
                                  OutputMetadata* consumed_metadata) {
  if (absl::StartsWith(path, kHealthPrefix)) return grpc::Status::OK;
  const bool reflection = absl::StartsWith(path, kReflectionPrefix);
  if (reflection && !options_.reflection_requires_ops) return grpc::Status::OK;

  const MethodPolicy* policy = policies_.Find(path);
  if (policy == nullptr && !reflection) {
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        absl::StrCat("unknown method ", path));
  }
  absl::StatusOr<Caller> caller = Authenticate(metadata);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  // Keeps the raw token away from handlers and call logs.
  consumed_metadata->insert(
      {"authorization", std::string(Value(metadata, "authorization"))});

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
  Record(*caller, context);
  return grpc::Status::OK;
}

}  // namespace nanoinfluence::auth
