// Bearer token verification: every way a token can be wrong is refused as
// UNAUTHENTICATED, including the algorithm-confusion forgery, and the three
// algorithms round-trip.
#include "libs/auth/token.h"

#include <jwt.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_certificates.h"
#include "tests/harness/test_tokens.h"

namespace nanoinfluence::auth {
namespace {

using ::nanoinfluence::testing::AmbassadorCaller;
using ::nanoinfluence::testing::BrandCaller;
using ::nanoinfluence::testing::OpsCaller;
using ::nanoinfluence::testing::TestTokenSettings;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

TokenSettings Settings() { return *TestTokenSettings(); }

std::string Mint(const TokenSettings& settings, const Caller& caller,
                 absl::Time now = kNow, absl::Duration ttl = absl::Hours(1)) {
  absl::StatusOr<std::string> token = MintToken(settings, caller, ttl, now);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.value_or("");
}

void ExpectRefused(const absl::StatusOr<Caller>& verified,
                   absl::string_view why) {
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(verified.status().message()), HasSubstr(why));
}

TEST(TokenTest, RoundTripsEachRoleWithItsBinding) {
  for (const Caller& caller :
       {OpsCaller("op"), BrandCaller("brand-a", "alice"),
        AmbassadorCaller("amb-1"), testing::ServiceCaller("dispatch")}) {
    absl::StatusOr<Caller> verified =
        VerifyToken(Settings(), Mint(Settings(), caller), kNow);
    ASSERT_TRUE(verified.ok()) << verified.status();
    EXPECT_EQ(verified->role, caller.role);
    EXPECT_EQ(verified->subject, caller.subject);
    EXPECT_EQ(verified->brand_id, caller.brand_id);
    EXPECT_EQ(verified->ambassador_id, caller.ambassador_id);
  }
}

TEST(TokenTest, ExpiryHonoursTheClockSkewAndNoMore) {
  const std::string token =
      Mint(Settings(), OpsCaller(), kNow, absl::Minutes(10));
  EXPECT_TRUE(VerifyToken(Settings(), token, kNow + absl::Minutes(10)).ok());
  EXPECT_TRUE(VerifyToken(Settings(), token,
                          kNow + absl::Minutes(10) + absl::Seconds(30))
                  .ok());
  ExpectRefused(VerifyToken(Settings(), token,
                            kNow + absl::Minutes(10) + absl::Seconds(31)),
                "expired");
}

TEST(TokenTest, RefusesBadSignatureMalformedAndEmpty) {
  TokenSettings other = Settings();
  other.verify_key = other.signing_key = std::string(40, 'z');
  ExpectRefused(VerifyToken(Settings(), Mint(other, OpsCaller()), kNow),
                "signature");
  std::string tampered = Mint(Settings(), OpsCaller());
  tampered[tampered.find('.') + 3] ^= 1;  // a payload byte
  ExpectRefused(VerifyToken(Settings(), tampered, kNow), "signature");
  ExpectRefused(VerifyToken(Settings(), "not-a-token", kNow), "malformed");
  ExpectRefused(VerifyToken(Settings(), "", kNow), "malformed");
}

TEST(TokenTest, RefusesWrongIssuerAndAudience) {
  TokenSettings minted_elsewhere = Settings();
  minted_elsewhere.issuer = "someone-else";
  ExpectRefused(
      VerifyToken(Settings(), Mint(minted_elsewhere, OpsCaller()), kNow),
      "issuer");
  TokenSettings other_audience = Settings();
  other_audience.audience = "another-suite";
  ExpectRefused(
      VerifyToken(Settings(), Mint(other_audience, OpsCaller()), kNow),
      "audience");
}

// A token with exactly the claims given as JSON, signed with the test secret:
// for claims MintToken would never write.
std::string HandMade(const std::string& claims_json) {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_add_grants_json(jwt, claims_json.c_str());
  const std::string& secret = Settings().signing_key;
  jwt_set_alg(jwt, JWT_ALG_HS256,
              reinterpret_cast<const unsigned char*>(secret.data()),
              static_cast<int>(secret.size()));
  char* encoded = jwt_encode_str(jwt);
  std::string token = encoded == nullptr ? "" : encoded;
  std::free(encoded);
  jwt_free(jwt);
  return token;
}

// Claims valid at kNow as JSON, with `changes` (claim -> JSON value, or
// "" to drop the claim) applied.
std::string Claims(const std::map<std::string, std::string>& changes = {}) {
  std::map<std::string, std::string> claims = {
      {"iss", R"("nanoinfluence")"},
      {"aud", R"("nanoinfluence")"},
      {"sub", R"("u")"},
      {"role", R"("ops")"},
      {"exp", absl::StrCat(absl::ToUnixSeconds(kNow) + 600)}};
  for (const auto& [name, value] : changes) {
    if (value.empty()) {
      claims.erase(name);
    } else {
      claims[name] = value;
    }
  }
  std::vector<std::string> members;
  for (const auto& [name, value] : claims) {
    members.push_back(absl::StrCat("\"", name, "\":", value));
  }
  return absl::StrCat("{", absl::StrJoin(members, ","), "}");
}

TEST(TokenTest, ChecksEveryClaimOfAHandMadeToken) {
  const int64_t now = absl::ToUnixSeconds(kNow);
  EXPECT_TRUE(VerifyToken(Settings(), HandMade(Claims()), kNow).ok());
  const std::vector<std::pair<std::map<std::string, std::string>, std::string>>
      refused = {
          {{{"exp", ""}}, "no exp"},
          {{{"exp", absl::StrCat("\"", now + 600, "\"")}}, "exp: not a number"},
          {{{"nbf", absl::StrCat(now + 3600, ".5")}}, "not valid yet"},
          {{{"nbf", R"("soon")"}}, "nbf: not a number"},
          {{{"aud", R"(["other","another"])"}}, "audience"},
          {{{"iss", ""}}, "issuer"},
          {{{"role", R"("admin")"}}, "role"},
          {{{"sub", ""}}, "sub"},
          {{{"role", R"("brand")"}}, "brand_id"},
          {{{"role", R"("brand")"}, {"brand_id", "42"}}, "brand_id"},
          {{{"brand_id", R"("brand-a")"}}, "brand_id"},
          // Out of the form requests and events naming a brand are held to.
          {{{"role", R"("brand")"}, {"brand_id", R"("brand a")"}}, "brand_id"},
          {{{"role", R"("brand")"},
            {"brand_id", absl::StrCat("\"", std::string(65, 'b'), "\"")}},
           "brand_id"},
          {{{"role", R"("ambassador")"}}, "ambassador_id"},
      };
  for (const auto& [changes, why] : refused) {
    ExpectRefused(VerifyToken(Settings(), HandMade(Claims(changes)), kNow),
                  why);
  }
  // RFC 7519 NumericDate may have a fraction; an audience may be a list.
  EXPECT_TRUE(
      VerifyToken(Settings(),
                  HandMade(Claims({{"exp", absl::StrCat(now + 60, ".25")}})),
                  kNow)
          .ok());
  EXPECT_TRUE(
      VerifyToken(Settings(),
                  HandMade(Claims({{"aud", R"(["other","nanoinfluence"])"}})),
                  kNow)
          .ok());
}

TEST(TokenTest, MintingRefusesATenantThatDoesNotFitTheRole) {
  Caller brand_without_id = BrandCaller("");
  EXPECT_EQ(MintToken(Settings(), brand_without_id, absl::Hours(1), kNow)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MintToken(Settings(), BrandCaller("brand/a"), absl::Hours(1), kNow)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  Caller ops_with_brand = OpsCaller();
  ops_with_brand.brand_id = "brand-a";
  EXPECT_EQ(MintToken(Settings(), ops_with_brand, absl::Hours(1), kNow)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

class KeyPairTokenTest : public ::testing::Test {
 protected:
  // Key generation takes a second: once for the suite.
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto made = testing::MakeTestCertificates(dir_->path());
    ASSERT_TRUE(made.ok()) << made.status();
    files_ = *made;
  }
  static void TearDownTestSuite() { delete dir_; }

  TokenSettings Load(const std::string& algorithm,
                     const std::string& public_key,
                     const std::string& private_key) {
    TokenKeyFiles files;
    files.algorithm = algorithm;
    files.public_key_file = public_key;
    files.private_key_file = private_key;
    absl::StatusOr<TokenSettings> settings = LoadTokenSettings(files);
    EXPECT_TRUE(settings.ok()) << settings.status();
    return settings.value_or(TokenSettings{});
  }
  static inline testing::TempDir* dir_ = nullptr;
  static inline testing::TestCertificates files_;
};

TEST_F(KeyPairTokenTest, Rs256AndEs256RoundTripWithThePublicKeyOnly) {
  for (const auto& [algorithm, public_key, private_key] :
       {std::tuple{"RS256", files_.rsa_public_key, files_.rsa_private_key},
        std::tuple{"ES256", files_.ec_public_key, files_.ec_private_key}}) {
    TokenSettings signer = Load(algorithm, public_key, private_key);
    TokenSettings verifier = Load(algorithm, public_key, "");
    EXPECT_FALSE(verifier.can_mint());
    absl::StatusOr<Caller> verified =
        VerifyToken(verifier, Mint(signer, BrandCaller("brand-b")), kNow);
    ASSERT_TRUE(verified.ok()) << algorithm << ": " << verified.status();
    EXPECT_EQ(verified->brand_id, "brand-b");
  }
}

// The classic forgery: an HS256 token whose HMAC key is the server's public
// RSA key. libjwt alone accepts it; the pinned algorithm refuses it.
TEST_F(KeyPairTokenTest, RefusesHs256SignedWithThePublicKey) {
  TokenSettings verifier = Load("RS256", files_.rsa_public_key, "");
  TokenSettings forger = Settings();
  forger.signing_key = verifier.verify_key;
  ExpectRefused(VerifyToken(verifier, Mint(forger, OpsCaller()), kNow),
                "algorithm HS256 not accepted");
}

TEST_F(KeyPairTokenTest, RefusesATokenOfTheOtherKeyPair) {
  TokenSettings rsa =
      Load("RS256", files_.rsa_public_key, files_.rsa_private_key);
  TokenSettings ec = Load("ES256", files_.ec_public_key, files_.ec_private_key);
  EXPECT_FALSE(VerifyToken(rsa, Mint(ec, OpsCaller()), kNow).ok());
  EXPECT_FALSE(VerifyToken(ec, Mint(rsa, OpsCaller()), kNow).ok());
}

TEST_F(KeyPairTokenTest, RefusesKeysThatAreWrongAtStart) {
  TokenKeyFiles files;
  files.algorithm = "RS256";
  files.public_key_file = files_.ca_cert;  // a certificate, not a key
  EXPECT_THAT(std::string(LoadTokenSettings(files).status().message()),
              HasSubstr("--jwt_public_key_file"));
  files.public_key_file = files_.ec_public_key;  // EC key for RS256
  EXPECT_THAT(std::string(LoadTokenSettings(files).status().message()),
              HasSubstr("RSA public key"));
  files.public_key_file = files_.rsa_public_key;
  files.private_key_file = files_.server_key;  // another RSA key
  EXPECT_THAT(std::string(LoadTokenSettings(files).status().message()),
              HasSubstr("--jwt_private_key_file"));
}

TEST(LoadTokenSettingsTest, NamesTheSettingThatIsWrong) {
  testing::TempDir dir;
  TokenKeyFiles files;
  files.secret_file = dir.File("missing");
  EXPECT_THAT(std::string(LoadTokenSettings(files).status().message()),
              HasSubstr("--jwt_secret_file"));
  std::ofstream(dir.File("short")) << "too-short\n";
  files.secret_file = dir.File("short");
  EXPECT_THAT(std::string(LoadTokenSettings(files).status().message()),
              HasSubstr("at least 32 bytes"));
  files.algorithm = "none";
  EXPECT_THAT(std::string(LoadTokenSettings(files).status().message()),
              HasSubstr("--jwt_algorithm"));
  files.algorithm = "RS256";
  EXPECT_THAT(std::string(LoadTokenSettings(files).status().message()),
              HasSubstr("--jwt_public_key_file"));
}

TEST(LoadTokenSettingsTest, ReadsTheSecretFromTheEnvironmentWithoutAFile) {
  ::setenv("NANO_JWT_SECRET", std::string(32, 's').c_str(), 1);
  absl::StatusOr<TokenSettings> settings = LoadTokenSettings({});
  ::unsetenv("NANO_JWT_SECRET");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->verify_key, std::string(32, 's'));
}

}  // namespace
}  // namespace nanoinfluence::auth
