// Who is calling: the role and the tenant bound to it, taken from the call's
// verified bearer token before any handler runs (auth_processor.h decides,
// caller_interceptor.h attaches it to the call). Handlers read it with
// CallerOf(context) and never trust a tenant id from a request body.
//
//   void GetCampaign(CallbackServerContext* context, ...) {
//     const Caller caller = CallerOf(*context);
//     if (!caller.SeesBrand(campaign.brand_id())) return NotFound(...);
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "nanoinfluence/common/v1/auth.pb.h"

namespace nanoinfluence::auth {

using common::v1::Role;

struct Caller {
  Role role = common::v1::ROLE_UNSPECIFIED;
  // The token's `sub`: the person or service acting.
  std::string subject;
  // Set for ROLE_BRAND only: the one brand this caller acts for.
  std::string brand_id;
  // Set for ROLE_AMBASSADOR only: the caller's own ambassador id.
  std::string ambassador_id;

  // Ops and the suite's own services act on every tenant's objects.
  bool SeesEveryTenant() const {
    return role == common::v1::ROLE_OPS || role == common::v1::ROLE_SERVICE;
  }
  // Whether an object owned by `owner_brand_id` is visible to this caller.
  bool SeesBrand(absl::string_view owner_brand_id) const {
    return SeesEveryTenant() ||
           (role == common::v1::ROLE_BRAND && brand_id == owner_brand_id);
  }
  // Whether an object owned by ambassador `owner_ambassador_id` is visible.
  bool SeesAmbassador(absl::string_view owner_ambassador_id) const {
    return SeesEveryTenant() || (role == common::v1::ROLE_AMBASSADOR &&
                                 ambassador_id == owner_ambassador_id);
  }
};

// Token spelling of a role: "ops", "brand", "ambassador", "service".
absl::string_view RoleName(Role role);
// The inverse of RoleName; nullopt for anything else.
std::optional<Role> ParseRoleName(absl::string_view name);

// The caller of the current call, as the caller interceptor attached it.
// Calls to public methods (health, reflection) carry no caller: role
// ROLE_UNSPECIFIED, which no tenancy check lets through.
Caller CallerOf(const grpc::ServerContextBase& context);

// Metadata keys the caller interceptor writes (after erasing any a client
// sent) and CallerOf reads.
inline constexpr char kRoleKey[] = "nano-caller-role";
inline constexpr char kSubjectKey[] = "nano-caller-subject";
inline constexpr char kBrandKey[] = "nano-caller-brand-id";
inline constexpr char kAmbassadorKey[] = "nano-caller-ambassador-id";

}  // namespace nanoinfluence::auth
