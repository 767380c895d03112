// The recruitment server: ambassadors, consent, social accounts, tiers,
// campaigns, applications, selection.
#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/service_main/service_main.h"
#include "libs/suite/event_routes.h"
#include "libs/validation/field_checks.h"
#include "migrations.h"
#include "services/recruitment/recruitment_grpc_service.h"

ABSL_FLAG(int, minimum_age, 18,
          "Age of majority: younger people cannot register.");
ABSL_FLAG(std::string, minimum_age_by_country, "",
          "Countries with another age of majority, e.g. \"KR:19,DZ:19\".");
ABSL_FLAG(std::string, terms_version, "2026-01",
          "Version of the terms of use currently published.");
ABSL_FLAG(std::string, data_processing_version, "2026-01",
          "Version of the data-processing notice currently published.");
ABSL_FLAG(std::string, marketing_version, "2026-01",
          "Version of the marketing-consent text currently published.");
ABSL_FLAG(double, reliability_prior, 0.5,
          "Reliability score of a newcomer, 0..1.");

namespace nanoinfluence::recruitment {
namespace {

absl::StatusOr<ProfilePolicy> PolicyFromFlags() {
  ProfilePolicy policy;
  policy.default_minimum_age = absl::GetFlag(FLAGS_minimum_age);
  if (policy.default_minimum_age < 13 || policy.default_minimum_age > 25) {
    return absl::InvalidArgumentError("--minimum_age: 13..25");
  }
  const std::string overrides = absl::GetFlag(FLAGS_minimum_age_by_country);
  for (absl::string_view entry :
       absl::StrSplit(overrides, ',', absl::SkipEmpty())) {
    const std::pair<std::string, std::string> parts =
        absl::StrSplit(entry, absl::MaxSplits(':', 1));
    int age = 0;
    if (!validation::IsCountryCode(parts.first) ||
        !absl::SimpleAtoi(parts.second, &age) || age < 13 || age > 25) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--minimum_age_by_country: \"", entry,
          "\" is not COUNTRY:AGE (an ISO 3166-1 code and 13..25)"));
    }
    policy.minimum_age_by_country[parts.first] = age;
  }
  policy.terms_version = absl::GetFlag(FLAGS_terms_version);
  policy.data_processing_version = absl::GetFlag(FLAGS_data_processing_version);
  policy.marketing_version = absl::GetFlag(FLAGS_marketing_version);
  if (policy.terms_version.empty() || policy.data_processing_version.empty()) {
    return absl::InvalidArgumentError(
        "--terms_version, --data_processing_version: required");
  }
  policy.reliability_prior = absl::GetFlag(FLAGS_reliability_prior);
  if (!(policy.reliability_prior >= 0 && policy.reliability_prior <= 1)) {
    return absl::InvalidArgumentError("--reliability_prior: 0..1");
  }
  return policy;
}

absl::StatusOr<ServiceBundle> MakeServices(ServiceContext& context) {
  absl::StatusOr<ProfilePolicy> policy = PolicyFromFlags();
  if (!policy.ok()) return policy.status();
  absl::StatusOr<std::unique_ptr<RecruitmentGrpcService>> service =
      RecruitmentGrpcService::Create(context, *std::move(policy));
  if (!service.ok()) return service.status();
  ServiceBundle bundle;
  bundle.hosted.push_back(
      {service->get(), v1::RecruitmentService::service_full_name()});
  bundle.owned.push_back(*std::move(service));
  return bundle;
}

}  // namespace
}  // namespace nanoinfluence::recruitment

int main(int argc, char** argv) {
  namespace svc = nanoinfluence::recruitment;
  return nanoinfluence::RunServiceMain(
      argc, argv,
      {.name = "recruitment",
       .migrations = svc::Migrations(),
       .make_services = svc::MakeServices,
       .event_routes = nanoinfluence::EventRoutesFrom("recruitment")});
}
