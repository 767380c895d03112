// Tenancy rules every handler applies the same way:
//
// - The brand or ambassador a call acts for comes from the token. A request
//   field naming another tenant is PERMISSION_DENIED; ops and the suite's own
//   services name the tenant in the request instead.
// - An object of another tenant answers exactly like a missing one, so ids
//   cannot be probed:
//
//     if (!row.has_value() || !caller.SeesBrand(row->brand_id)) {
//       return NotFound("campaign", request.campaign_id());
//     }
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/auth/caller.h"

namespace nanoinfluence::auth {

// NOT_FOUND "<kind> \"<id>\": not found", the same for missing and foreign.
absl::Status NotFound(absl::string_view kind, absl::string_view id);

// The brand a call acts for. `requested` is the request's brand field, named
// `field` in errors. A brand caller gets its own brand (a different non-empty
// `requested` is PERMISSION_DENIED); ops and service callers must name one
// (INVALID_ARGUMENT when empty); ambassadors are PERMISSION_DENIED.
absl::StatusOr<std::string> BrandFor(const Caller& caller,
                                     absl::string_view requested,
                                     absl::string_view field = "brand_id");

// The ambassador a call acts for, by the same rule: an ambassador caller gets
// themself, ops and service callers must name one, brands are
// PERMISSION_DENIED.
absl::StatusOr<std::string> AmbassadorFor(
    const Caller& caller, absl::string_view requested,
    absl::string_view field = "ambassador_id");

}  // namespace nanoinfluence::auth
