#include "libs/auth/caller.h"

#include "grpcpp/security/auth_context.h"

namespace nanoinfluence::auth {
namespace {

std::string Property(const grpc::AuthContext& context, const char* name) {
  std::vector<grpc::string_ref> values = context.FindPropertyValues(name);
  if (values.empty()) return "";
  return std::string(values.front().data(), values.front().size());
}

}  // namespace

absl::string_view RoleName(Role role) {
  switch (role) {
    case common::v1::ROLE_OPS:
      return "ops";
    case common::v1::ROLE_BRAND:
      return "brand";
    case common::v1::ROLE_AMBASSADOR:
      return "ambassador";
    case common::v1::ROLE_SERVICE:
      return "service";
    default:
      return "";
  }
}

std::optional<Role> ParseRoleName(absl::string_view name) {
  for (Role role : {common::v1::ROLE_OPS, common::v1::ROLE_BRAND,
                    common::v1::ROLE_AMBASSADOR, common::v1::ROLE_SERVICE}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

Caller CallerOf(const grpc::ServerContextBase& context) {
  Caller caller;
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return caller;
  caller.role = ParseRoleName(Property(*auth, kRoleProperty))
                    .value_or(common::v1::ROLE_UNSPECIFIED);
  caller.subject = Property(*auth, kSubjectProperty);
  caller.brand_id = Property(*auth, kBrandProperty);
  caller.ambassador_id = Property(*auth, kAmbassadorProperty);
  return caller;
}

}  // namespace nanoinfluence::auth
