// FuzzCaller -> auth::Caller, as a verified token would give it: ids from a
// short fixed list, so that the calls of one input meet the same tenants.
#include <array>

#include "libs/auth/caller.h"
#include "tests/fuzz/call_runner.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::fuzz {
namespace {

// The corpus (tests/fuzz/corpus) uses these ids; keep them in step.
constexpr std::array<const char*, 2> kBrands = {
    "0190f3a4-0000-7000-8000-00000000b001",
    "0190f3a4-0000-7000-8000-00000000b002"};
constexpr std::array<const char*, 3> kAmbassadors = {
    "0190f3a4-0000-7000-8000-00000000a001",
    "0190f3a4-0000-7000-8000-00000000a002",
    "0190f3a4-0000-7000-8000-00000000a003"};
constexpr std::array<const char*, 4> kServices = {"recruitment", "dispatch",
                                                  "ugc", "kpi"};

}  // namespace

auth::Caller ToCaller(const FuzzCaller& caller) {
  const uint32_t tenant = caller.tenant();
  switch (caller.role()) {
    case common::v1::ROLE_OPS:
      return testing::OpsCaller();
    case common::v1::ROLE_BRAND:
      return testing::BrandCaller(kBrands[tenant % kBrands.size()]);
    case common::v1::ROLE_AMBASSADOR:
      return testing::AmbassadorCaller(
          kAmbassadors[tenant % kAmbassadors.size()]);
    case common::v1::ROLE_SERVICE:
      return testing::ServiceCaller(kServices[tenant % kServices.size()]);
    default:
      // No token names another role (auth::ParseRoleName): such a call
      // reaches a handler only as a public one, with no caller at all.
      return auth::Caller{};
  }
}

}  // namespace nanoinfluence::fuzz
