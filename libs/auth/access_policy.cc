#include "libs/auth/access_policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"

namespace nanoinfluence::auth {

bool MethodPolicy::Allows(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

absl::StatusOr<AccessPolicyTable> AccessPolicyTable::ForServices(
    const std::vector<std::string>& service_names) {
  AccessPolicyTable table;
  for (const std::string& name : service_names) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    if (service == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("service ", name, ": not in the compiled contracts"));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      const common::v1::AccessPolicy& access =
          method->options().GetExtension(common::v1::access);
      MethodPolicy policy;
      for (int role : access.roles()) {
        if (!RoleName(static_cast<Role>(role)).empty()) {
          policy.roles.push_back(static_cast<Role>(role));
        }
      }
      if (policy.roles.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            method->full_name(),
            ": no (nanoinfluence.common.v1.access) roles; every RPC declares "
            "who may call it"));
      }
      policy.writes =
          method->input_type()->FindFieldByName("request_id") != nullptr;
      table.by_path_[absl::StrCat("/", name, "/", method->name())] =
          std::move(policy);
    }
  }
  return table;
}

const MethodPolicy* AccessPolicyTable::Find(absl::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : &it->second;
}

}  // namespace nanoinfluence::auth
