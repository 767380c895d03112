#include "services/recruitment/domain/profile_rules.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::recruitment {
namespace {

using validation::CleanText;
using validation::InvalidField;
using validation::Nested;

absl::Status CheckEmail(absl::string_view field, absl::string_view email) {
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == email.size() ||
      email.find('@', at + 1) != absl::string_view::npos) {
    return InvalidField(field, "not an email address (one \"@\")");
  }
  for (char c : email) {
    if (absl::ascii_isspace(c)) return InvalidField(field, "contains a space");
  }
  return absl::OkStatus();
}

absl::StatusOr<common::v1::PostalAddress> CleanAddress(
    const common::v1::PostalAddress& address, const std::string& prefix) {
  common::v1::PostalAddress clean;
  NANO_ASSIGN_OR_RETURN(*clean.mutable_recipient_name(),
                        CleanText(Nested(prefix, "recipient_name"),
                                  address.recipient_name(), {1, 200}));
  NANO_ASSIGN_OR_RETURN(
      *clean.mutable_line1(),
      CleanText(Nested(prefix, "line1"), address.line1(), {1, 200}));
  NANO_ASSIGN_OR_RETURN(
      *clean.mutable_line2(),
      CleanText(Nested(prefix, "line2"), address.line2(), {0, 200}));
  NANO_ASSIGN_OR_RETURN(
      *clean.mutable_city(),
      CleanText(Nested(prefix, "city"), address.city(), {1, 100}));
  NANO_RETURN_IF_ERROR(validation::CheckCountryCode(
      Nested(prefix, "country_code"), address.country_code()));
  clean.set_country_code(address.country_code());
  NANO_ASSIGN_OR_RETURN(*clean.mutable_postal_code(),
                        validation::CleanPostalCode(
                            Nested(prefix, "postal_code"),
                            address.postal_code(), address.country_code()));
  if (!address.phone().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckPhone(Nested(prefix, "phone"), address.phone()));
    clean.set_phone(address.phone());
  }
  return clean;
}

absl::Status CheckHousehold(const v1::Household& household,
                            const std::string& prefix, int32_t today) {
  if (household.size() < 1 || household.size() > 20) {
    return InvalidField(Nested(prefix, "size"), "1..20");
  }
  const std::string years = Nested(prefix, "children_birth_years");
  NANO_RETURN_IF_ERROR(validation::CheckMaxSize(
      years, household.children_birth_years_size(), 19));
  if (household.children_birth_years_size() >= household.size()) {
    return InvalidField(years, "fewer children than people in the household");
  }
  for (int i = 0; i < household.children_birth_years_size(); ++i) {
    const int year = household.children_birth_years(i);
    if (year < 1900 || year > today / 10000) {
      return InvalidField(validation::Indexed(years, i),
                          "a year between 1900 and this year");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckVersion(absl::string_view field, absl::string_view version,
                          bool required, absl::string_view published) {
  if (version.empty()) {
    return required ? InvalidField(field, "required") : absl::OkStatus();
  }
  NANO_RETURN_IF_ERROR(CleanText(field, version, {1, 32}).status());
  if (version != published) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": \"", version,
                     "\" is not the published version; the current one is \"",
                     published, "\""));
  }
  return absl::OkStatus();
}

}  // namespace

int ProfilePolicy::MinimumAge(absl::string_view country_code) const {
  const auto it = minimum_age_by_country.find(country_code);
  return it == minimum_age_by_country.end() ? default_minimum_age : it->second;
}

std::string NormalizeEmail(absl::string_view email) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(email));
}

absl::StatusOr<v1::AmbassadorProfile> CleanProfile(
    const v1::AmbassadorProfile& profile, absl::string_view prefix_view,
    const ProfilePolicy& policy, int32_t today) {
  const std::string prefix(prefix_view);
  v1::AmbassadorProfile clean;
  NANO_ASSIGN_OR_RETURN(*clean.mutable_display_name(),
                        CleanText(Nested(prefix, "display_name"),
                                  profile.display_name(), {2, 50}));
  NANO_ASSIGN_OR_RETURN(
      *clean.mutable_first_name(),
      CleanText(Nested(prefix, "first_name"), profile.first_name(), {1, 100}));
  NANO_ASSIGN_OR_RETURN(
      *clean.mutable_last_name(),
      CleanText(Nested(prefix, "last_name"), profile.last_name(), {1, 100}));
  NANO_ASSIGN_OR_RETURN(
      std::string email,
      CleanText(Nested(prefix, "email"), profile.email(), {3, 254}));
  NANO_RETURN_IF_ERROR(CheckEmail(Nested(prefix, "email"), email));
  clean.set_email(NormalizeEmail(email));
  if (!profile.phone().empty()) {
    NANO_RETURN_IF_ERROR(
        validation::CheckPhone(Nested(prefix, "phone"), profile.phone()));
    clean.set_phone(profile.phone());
  }
  NANO_RETURN_IF_ERROR(validation::CheckCountryCode(
      Nested(prefix, "country_code"), profile.country_code()));
  clean.set_country_code(profile.country_code());
  const std::string birth_field = Nested(prefix, "birth_date");
  NANO_RETURN_IF_ERROR(
      validation::CheckDate(birth_field, profile.birth_date()));
  const int32_t birth = validation::DateKey(profile.birth_date());
  if (birth > today) return InvalidField(birth_field, "in the future");
  const int minimum_age = policy.MinimumAge(profile.country_code());
  if (validation::AgeInYears(birth, today) < minimum_age) {
    return InvalidField(
        birth_field, absl::StrCat("ambassadors must be at least ", minimum_age,
                                  " years old in ", profile.country_code()));
  }
  *clean.mutable_birth_date() = profile.birth_date();
  NANO_ASSIGN_OR_RETURN(*clean.mutable_postal_code(),
                        validation::CleanPostalCode(
                            Nested(prefix, "postal_code"),
                            profile.postal_code(), profile.country_code()));
  if (profile.has_shipping_address()) {
    NANO_ASSIGN_OR_RETURN(*clean.mutable_shipping_address(),
                          CleanAddress(profile.shipping_address(),
                                       Nested(prefix, "shipping_address")));
  }
  if (profile.has_household()) {
    NANO_RETURN_IF_ERROR(CheckHousehold(profile.household(),
                                        Nested(prefix, "household"), today));
    *clean.mutable_household() = profile.household();
  }
  const std::string universes = Nested(prefix, "universes");
  NANO_RETURN_IF_ERROR(
      validation::CheckMaxSize(universes, profile.universes_size(), 16));
  std::set<int> seen;
  for (int i = 0; i < profile.universes_size(); ++i) {
    NANO_RETURN_IF_ERROR(validation::CheckEnum(
        validation::Indexed(universes, i), profile.universes(i)));
    if (!seen.insert(profile.universes(i)).second) {
      return InvalidField(validation::Indexed(universes, i), "listed twice");
    }
    clean.add_universes(profile.universes(i));
  }
  return clean;
}

absl::Status CheckConsentInput(const v1::ConsentInput& consent,
                               absl::string_view prefix_view,
                               const ProfilePolicy& policy) {
  const std::string prefix(prefix_view);
  NANO_RETURN_IF_ERROR(CheckVersion(Nested(prefix, "terms_version"),
                                    consent.terms_version(), true,
                                    policy.terms_version));
  NANO_RETURN_IF_ERROR(CheckVersion(Nested(prefix, "data_processing_version"),
                                    consent.data_processing_version(), true,
                                    policy.data_processing_version));
  return CheckVersion(Nested(prefix, "marketing_version"),
                      consent.marketing_version(), false,
                      policy.marketing_version);
}

std::string HouseholdKey(const common::v1::PostalAddress& address) {
  std::string key =
      absl::StrCat(address.country_code(), "|",
                   validation::PostalCodeKey(address.postal_code()), "|");
  for (const std::string* part : {&address.line1(), &address.line2()}) {
    for (char c : *part) {
      // Non-ASCII bytes kept as they are: "Rue de l'Église" matches itself.
      if (absl::ascii_isalnum(c) || static_cast<unsigned char>(c) >= 0x80) {
        key.push_back(absl::ascii_tolower(c));
      }
    }
    key.push_back('|');
  }
  return key;
}

double ReliabilityScore(int posted_on_time, int tests_counted,
                        const ProfilePolicy& policy) {
  return (posted_on_time +
          policy.reliability_prior * policy.reliability_prior_weight) /
         (tests_counted + policy.reliability_prior_weight);
}

}  // namespace nanoinfluence::recruitment
