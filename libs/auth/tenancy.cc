#include "libs/auth/tenancy.h"

#include "absl/strings/str_cat.h"

namespace nanoinfluence::auth {
namespace {

// The shared rule of BrandFor and AmbassadorFor: `owner_role` callers act for
// `own_id`; ops and service callers for the id they name.
absl::StatusOr<std::string> TenantFor(const Caller& caller, Role owner_role,
                                      const std::string& own_id,
                                      absl::string_view requested,
                                      absl::string_view field) {
  if (caller.role == owner_role) {
    if (!requested.empty() && requested != own_id) {
      return absl::PermissionDeniedError(absl::StrCat(
          field, ": differs from the caller's own (taken from the token)"));
    }
    return own_id;
  }
  if (!caller.SeesEveryTenant()) {
    return absl::PermissionDeniedError(absl::StrCat(
        field, ": role ", RoleName(caller.role), " cannot act for it"));
  }
  if (requested.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": required for role ", RoleName(caller.role)));
  }
  return std::string(requested);
}

}  // namespace

absl::Status NotFound(absl::string_view kind, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat(kind, " \"", id, "\": not found"));
}

absl::StatusOr<std::string> BrandFor(const Caller& caller,
                                     absl::string_view requested,
                                     absl::string_view field) {
  return TenantFor(caller, common::v1::ROLE_BRAND, caller.brand_id, requested,
                   field);
}

absl::StatusOr<std::string> AmbassadorFor(const Caller& caller,
                                          absl::string_view requested,
                                          absl::string_view field) {
  return TenantFor(caller, common::v1::ROLE_AMBASSADOR, caller.ambassador_id,
                   requested, field);
}

}  // namespace nanoinfluence::auth
