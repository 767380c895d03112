#include "tests/harness/test_tokens.h"

#include <fstream>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/auth/bearer.h"

namespace nanoinfluence::testing {

const std::string& TestSecret() {
  static const std::string* secret =
      new std::string("test-secret-of-the-nanoinfluence-suite-0123456789");
  return *secret;
}

std::shared_ptr<const auth::TokenSettings> TestTokenSettings() {
  static const auto* settings = new std::shared_ptr<const auth::TokenSettings>(
      std::make_shared<const auth::TokenSettings>(
          auth::TokenSettings{.algorithm = auth::TokenAlgorithm::kHs256,
                              .verify_key = TestSecret(),
                              .signing_key = TestSecret(),
                              .issuer = "nanoinfluence",
                              .audience = "nanoinfluence",
                              .clock_skew = absl::Seconds(30)}));
  return *settings;
}

absl::StatusOr<std::string> WriteTestSecret(const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/jwt-secret");
  std::ofstream out(path, std::ios::trunc);
  out << TestSecret() << "\n";
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return path;
}

namespace {

auth::Caller MakeCaller(auth::Role role, const std::string& subject,
                        const std::string& brand_id = "",
                        const std::string& ambassador_id = "") {
  auth::Caller caller;
  caller.role = role;
  caller.subject = subject;
  caller.brand_id = brand_id;
  caller.ambassador_id = ambassador_id;
  return caller;
}

}  // namespace

auth::Caller OpsCaller(const std::string& subject) {
  return MakeCaller(common::v1::ROLE_OPS, subject);
}

auth::Caller BrandCaller(const std::string& brand_id,
                         const std::string& subject) {
  return MakeCaller(common::v1::ROLE_BRAND, subject, brand_id);
}

auth::Caller AmbassadorCaller(const std::string& ambassador_id) {
  return MakeCaller(common::v1::ROLE_AMBASSADOR, ambassador_id, "",
                    ambassador_id);
}

auth::Caller ServiceCaller(const std::string& service) {
  return MakeCaller(common::v1::ROLE_SERVICE, service);
}

std::string TestToken(const auth::Caller& caller, absl::Duration ttl) {
  absl::StatusOr<std::string> token =
      auth::MintToken(*TestTokenSettings(), caller, ttl, absl::Now());
  if (!token.ok()) throw std::runtime_error(token.status().ToString());
  return *token;
}

void AddBearer(grpc::ClientContext& context, const auth::Caller& caller) {
  context.AddMetadata(auth::kAuthorizationKey,
                      auth::BearerValue(TestToken(caller)));
}

}  // namespace nanoinfluence::testing
