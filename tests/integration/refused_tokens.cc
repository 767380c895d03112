#include "tests/integration/refused_tokens.h"

#include "libs/auth/bearer.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::testing {

std::string Bearer(const auth::TokenSettings& settings,
                   const auth::Caller& caller, absl::Time now) {
  auto token = auth::MintToken(settings, caller, absl::Hours(1), now);
  return auth::BearerValue(token.value_or("minting failed"));
}

std::map<std::string, std::string> RefusedAuthorizations() {
  auth::TokenSettings other_secret = *TestTokenSettings();
  other_secret.verify_key = other_secret.signing_key = std::string(48, 'x');
  auth::TokenSettings other_audience = *TestTokenSettings();
  other_audience.audience = "another-suite";
  auth::TokenSettings other_issuer = *TestTokenSettings();
  other_issuer.issuer = "someone-else";
  return {
      {"no token", ""},
      {"not a bearer token", "Basic b3BzOm9wcw=="},
      {"malformed token", "Bearer not.a.jwt"},
      {"bad signature", Bearer(other_secret, OpsCaller())},
      {"expired",
       Bearer(*TestTokenSettings(), OpsCaller(), absl::Now() - absl::Hours(2))},
      {"wrong audience", Bearer(other_audience, OpsCaller())},
      {"wrong issuer", Bearer(other_issuer, OpsCaller())},
  };
}

}  // namespace nanoinfluence::testing
