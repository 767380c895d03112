// The rules of an ambassador's profile and consent: what registration and
// updates accept, how the values are normalised, who counts as an adult,
// which address makes a household, and the reliability score.
#pragma once

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nanoinfluence/common/v1/types.pb.h"
#include "nanoinfluence/recruitment/v1/ambassador.pb.h"

namespace nanoinfluence::recruitment {

// Server settings the rules depend on.
struct ProfilePolicy {
  // The age of majority, by default and per country ("KR" -> 19).
  int default_minimum_age = 18;
  absl::flat_hash_map<std::string, int> minimum_age_by_country;
  // The consent texts currently published.
  std::string terms_version = "2026-01";
  std::string data_processing_version = "2026-01";
  std::string marketing_version = "2026-01";
  // Reliability of a newcomer, and how many tests the prior weighs.
  double reliability_prior = 0.5;
  double reliability_prior_weight = 2;

  int MinimumAge(absl::string_view country_code) const;
};

// Checks a whole profile (field paths under `prefix`, e.g. "profile") and
// returns it normalised: text trimmed, email in lower case, postal codes
// upper case. `today` is yyyymmdd.
absl::StatusOr<v1::AmbassadorProfile> CleanProfile(
    const v1::AmbassadorProfile& profile, absl::string_view prefix,
    const ProfilePolicy& policy, int32_t today);

// Checks the consent given at registration (terms and data processing
// required). INVALID_ARGUMENT for a malformed or missing version,
// FAILED_PRECONDITION for a version that is not the published one.
absl::Status CheckConsentInput(const v1::ConsentInput& consent,
                               absl::string_view prefix,
                               const ProfilePolicy& policy);

// The normalised email: trimmed, lower case.
std::string NormalizeEmail(absl::string_view email);

// The household an address belongs to: country, postal code, street and
// building, compared without case, spaces or punctuation. Two ambassadors
// with the same key live together.
std::string HouseholdKey(const common::v1::PostalAddress& address);

// Share of past tests posted on time, pulled towards the prior while there
// are few: (on_time + prior * weight) / (counted + weight).
double ReliabilityScore(int posted_on_time, int tests_counted,
                        const ProfilePolicy& policy);

}  // namespace nanoinfluence::recruitment
