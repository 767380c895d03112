#include "libs/auth/token.h"

#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cmath>
#include <cstdlib>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "libs/auth/key_file.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::auth {
namespace {

// The smallest HS256 secret accepted: RFC 7518 asks for a key at least as
// long as the hash.
constexpr size_t kMinSecretBytes = 32;

using JwtPtr = std::unique_ptr<jwt_t, decltype(&jwt_free)>;

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("token: ", why));
}

jwt_alg_t LibjwtAlgorithm(TokenAlgorithm algorithm) {
  switch (algorithm) {
    case TokenAlgorithm::kHs256:
      return JWT_ALG_HS256;
    case TokenAlgorithm::kRs256:
      return JWT_ALG_RS256;
    case TokenAlgorithm::kEs256:
      return JWT_ALG_ES256;
  }
  return JWT_ALG_INVAL;
}

absl::StatusOr<std::string> LoadSecret(const TokenKeyFiles& files) {
  std::string secret;
  if (!files.secret_file.empty()) {
    NANO_ASSIGN_OR_RETURN(secret,
                          ReadKeyFile(files.secret_file, "--jwt_secret_file"));
  } else if (const char* from_env = std::getenv("NANO_JWT_SECRET")) {
    secret = from_env;
  } else {
    return absl::InvalidArgumentError(
        "--jwt_secret_file: HS256 needs a secret (this flag, or the "
        "NANO_JWT_SECRET environment variable)");
  }
  // `echo secret > file` leaves a newline that is not part of the secret.
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
    secret.pop_back();
  }
  if (secret.size() < kMinSecretBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("--jwt_secret_file: the secret must be at least ",
                     kMinSecretBytes, " bytes"));
  }
  return secret;
}

// Whether the `aud` claim (a string or an array of strings) names `audience`.
bool AudienceMatches(jwt_t* jwt, absl::string_view audience) {
  if (const char* single = jwt_get_grant(jwt, "aud")) {
    return single == audience;
  }
  std::unique_ptr<char, decltype(&std::free)> json(
      jwt_get_grants_json(jwt, "aud"), &std::free);
  if (json == nullptr) return false;
  google::protobuf::ListValue list;
  if (!google::protobuf::util::JsonStringToMessage(json.get(), &list).ok()) {
    return false;
  }
  for (const google::protobuf::Value& value : list.values()) {
    if (value.string_value() == audience) return true;
  }
  return false;
}

// A NumericDate claim (RFC 7519: seconds, integer or not). nullopt when
// absent; INVALID_ARGUMENT when present but not a number (libjwt's integer
// getter would read a string or a fraction as 0, i.e. 1970).
absl::StatusOr<std::optional<absl::Time>> TimeClaim(jwt_t* jwt,
                                                    const char* name) {
  std::unique_ptr<char, decltype(&std::free)> json(
      jwt_get_grants_json(jwt, name), &std::free);
  if (json == nullptr) return std::nullopt;
  double seconds = 0;
  if (!absl::SimpleAtod(json.get(), &seconds) || json.get()[0] == '"' ||
      !std::isfinite(seconds)) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": not a number"));
  }
  return absl::FromUnixMicros(static_cast<int64_t>(seconds * 1e6));
}

std::string StringClaim(jwt_t* jwt, const char* name) {
  const char* value = jwt_get_grant(jwt, name);
  return value == nullptr ? "" : value;
}

// Parses the public key now, so a wrong file stops the start instead of
// failing every call later.
absl::Status CheckPublicKey(const std::string& pem, TokenAlgorithm algorithm) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
      &EVP_PKEY_free);
  const int wanted =
      algorithm == TokenAlgorithm::kRs256 ? EVP_PKEY_RSA : EVP_PKEY_EC;
  if (key == nullptr || EVP_PKEY_base_id(key.get()) != wanted) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--jwt_public_key_file: not a PEM ",
        algorithm == TokenAlgorithm::kRs256 ? "RSA" : "EC", " public key"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TokenSettings> LoadTokenSettings(const TokenKeyFiles& files) {
  TokenSettings settings;
  settings.issuer = files.issuer;
  settings.audience = files.audience;
  settings.clock_skew = files.clock_skew;
  if (settings.issuer.empty() || settings.audience.empty()) {
    return absl::InvalidArgumentError(
        "--jwt_issuer, --jwt_audience: must not be empty");
  }
  if (settings.clock_skew < absl::ZeroDuration() ||
      settings.clock_skew > absl::Minutes(5)) {
    return absl::InvalidArgumentError(
        "--jwt_clock_skew: must be between 0 and 5m");
  }
  const std::string algorithm = absl::AsciiStrToUpper(files.algorithm);
  if (algorithm == "HS256") {
    settings.algorithm = TokenAlgorithm::kHs256;
    NANO_ASSIGN_OR_RETURN(settings.verify_key, LoadSecret(files));
    settings.signing_key = settings.verify_key;
    return settings;
  }
  if (algorithm == "RS256") {
    settings.algorithm = TokenAlgorithm::kRs256;
  } else if (algorithm == "ES256") {
    settings.algorithm = TokenAlgorithm::kEs256;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--jwt_algorithm: \"", files.algorithm,
                     "\" is not HS256, RS256 or ES256"));
  }
  if (files.public_key_file.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--jwt_public_key_file: ", algorithm, " needs the public key"));
  }
  NANO_ASSIGN_OR_RETURN(
      settings.verify_key,
      ReadKeyFile(files.public_key_file, "--jwt_public_key_file"));
  NANO_RETURN_IF_ERROR(CheckPublicKey(settings.verify_key, settings.algorithm));
  if (!files.private_key_file.empty()) {
    NANO_ASSIGN_OR_RETURN(
        settings.signing_key,
        ReadKeyFile(files.private_key_file, "--jwt_private_key_file"));
    // The pair must work together: sign a token and verify it.
    Caller probe;
    probe.role = common::v1::ROLE_SERVICE;
    probe.subject = "key-check";
    const absl::Time now = absl::Now();
    absl::StatusOr<std::string> token =
        MintToken(settings, probe, absl::Minutes(1), now);
    if (!token.ok() || !VerifyToken(settings, *token, now).ok()) {
      return absl::InvalidArgumentError(
          "--jwt_private_key_file: does not sign tokens that "
          "--jwt_public_key_file verifies");
    }
  }
  return settings;
}

absl::Status ValidateBinding(const Caller& caller) {
  if (caller.subject.empty()) return absl::InvalidArgumentError("sub: empty");
  const bool brand = caller.role == common::v1::ROLE_BRAND;
  const bool ambassador = caller.role == common::v1::ROLE_AMBASSADOR;
  if (RoleName(caller.role).empty()) {
    return absl::InvalidArgumentError(
        "role: not ops, brand, ambassador or service");
  }
  if (brand != !caller.brand_id.empty()) {
    return absl::InvalidArgumentError(
        "brand_id: required for role brand and only for it");
  }
  // The form every request and event naming a brand is held to.
  NANO_RETURN_IF_ERROR(
      validation::CheckOptionalBrandId("brand_id", caller.brand_id));
  if (ambassador != !caller.ambassador_id.empty()) {
    return absl::InvalidArgumentError(
        "ambassador_id: required for role ambassador and only for it");
  }
  return absl::OkStatus();
}

absl::StatusOr<Caller> VerifyToken(const TokenSettings& settings,
                                   absl::string_view token, absl::Time now) {
  absl::StatusOr<VerifiedToken> verified =
      VerifyTokenClaims(settings, token, now);
  if (!verified.ok()) return verified.status();
  return verified->caller;
}

absl::StatusOr<VerifiedToken> VerifyTokenClaims(const TokenSettings& settings,
                                                absl::string_view token,
                                                absl::Time now) {
  jwt_t* decoded = nullptr;
  const std::string text(token);
  const int error = jwt_decode(
      &decoded, text.c_str(),
      reinterpret_cast<const unsigned char*>(settings.verify_key.data()),
      static_cast<int>(settings.verify_key.size()));
  JwtPtr jwt(decoded, &jwt_free);
  if (error != 0 || jwt == nullptr) {
    return Unauthenticated("malformed or bad signature");
  }
  if (jwt_get_alg(jwt.get()) != LibjwtAlgorithm(settings.algorithm)) {
    return Unauthenticated(absl::StrCat(
        "algorithm ", jwt_alg_str(jwt_get_alg(jwt.get())), " not accepted"));
  }
  const absl::StatusOr<std::optional<absl::Time>> expires =
      TimeClaim(jwt.get(), "exp");
  if (!expires.ok()) return Unauthenticated(expires.status().message());
  if (!expires->has_value()) return Unauthenticated("no exp");
  if (now > **expires + settings.clock_skew) return Unauthenticated("expired");
  const absl::StatusOr<std::optional<absl::Time>> not_before =
      TimeClaim(jwt.get(), "nbf");
  if (!not_before.ok()) return Unauthenticated(not_before.status().message());
  if (not_before->has_value() && now < **not_before - settings.clock_skew) {
    return Unauthenticated("not valid yet");
  }
  if (StringClaim(jwt.get(), "iss") != settings.issuer) {
    return Unauthenticated("wrong issuer");
  }
  if (!AudienceMatches(jwt.get(), settings.audience)) {
    return Unauthenticated("wrong audience");
  }
  VerifiedToken verified;
  Caller& caller = verified.caller;
  caller.role = ParseRoleName(StringClaim(jwt.get(), "role"))
                    .value_or(common::v1::ROLE_UNSPECIFIED);
  caller.subject = StringClaim(jwt.get(), "sub");
  caller.brand_id = StringClaim(jwt.get(), "brand_id");
  caller.ambassador_id = StringClaim(jwt.get(), "ambassador_id");
  absl::Status binding = ValidateBinding(caller);
  if (!binding.ok()) return Unauthenticated(binding.message());
  verified.valid_until = **expires + settings.clock_skew;
  if (not_before->has_value()) {
    verified.valid_from = **not_before - settings.clock_skew;
  }
  return verified;
}

absl::StatusOr<std::string> MintToken(const TokenSettings& settings,
                                      const Caller& caller, absl::Duration ttl,
                                      absl::Time now) {
  if (!settings.can_mint()) {
    return absl::FailedPreconditionError(
        "--jwt_private_key_file: minting tokens needs the signing key");
  }
  NANO_RETURN_IF_ERROR(ValidateBinding(caller));
  if (ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("ttl: must be positive");
  }
  jwt_t* created = nullptr;
  if (jwt_new(&created) != 0) return absl::InternalError("jwt_new failed");
  JwtPtr jwt(created, &jwt_free);
  const std::string role(RoleName(caller.role));
  bool ok =
      jwt_add_grant(jwt.get(), "sub", caller.subject.c_str()) == 0 &&
      jwt_add_grant(jwt.get(), "role", role.c_str()) == 0 &&
      jwt_add_grant(jwt.get(), "iss", settings.issuer.c_str()) == 0 &&
      jwt_add_grant(jwt.get(), "aud", settings.audience.c_str()) == 0 &&
      jwt_add_grant_int(jwt.get(), "iat", absl::ToUnixSeconds(now)) == 0 &&
      jwt_add_grant_int(jwt.get(), "exp", absl::ToUnixSeconds(now + ttl)) == 0;
  if (!caller.brand_id.empty()) {
    ok = ok &&
         jwt_add_grant(jwt.get(), "brand_id", caller.brand_id.c_str()) == 0;
  }
  if (!caller.ambassador_id.empty()) {
    ok = ok && jwt_add_grant(jwt.get(), "ambassador_id",
                             caller.ambassador_id.c_str()) == 0;
  }
  ok = ok && jwt_set_alg(jwt.get(), LibjwtAlgorithm(settings.algorithm),
                         reinterpret_cast<const unsigned char*>(
                             settings.signing_key.data()),
                         static_cast<int>(settings.signing_key.size())) == 0;
  std::unique_ptr<char, decltype(&std::free)> encoded(
      ok ? jwt_encode_str(jwt.get()) : nullptr, &std::free);
  if (encoded == nullptr) {
    return absl::InvalidArgumentError(
        "signing key: cannot sign with it (wrong key type for the algorithm?)");
  }
  return std::string(encoded.get());
}

}  // namespace nanoinfluence::auth
