#include "libs/auth/caller.h"

namespace nanoinfluence::auth {
namespace {

std::string Value(const std::multimap<grpc::string_ref, grpc::string_ref>& md,
                  const char* key) {
  auto it = md.find(key);
  return it == md.end() ? ""
                        : std::string(it->second.data(), it->second.size());
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
  const auto& metadata = context.client_metadata();
  Caller caller;
  caller.role = ParseRoleName(Value(metadata, kRoleKey))
                    .value_or(common::v1::ROLE_UNSPECIFIED);
  caller.subject = Value(metadata, kSubjectKey);
  caller.brand_id = Value(metadata, kBrandKey);
  caller.ambassador_id = Value(metadata, kAmbassadorKey);
  return caller;
}

}  // namespace nanoinfluence::auth
