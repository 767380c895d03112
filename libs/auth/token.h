// JWT bearer tokens: verification on every server, minting for the suite's own
// service calls and for `nanoctl token`.
//
// A token is a JWS (RFC 7515) signed with HS256 (a shared secret: development
// and the local suite), RS256 or ES256 (a key pair: production, where servers
// hold only the public key). Claims: `sub`, `role` ("ops", "brand",
// "ambassador", "service"), `brand_id` for a brand, `ambassador_id` for an
// ambassador, `iss`, `aud`, `exp` (required), `nbf` and `iat` (optional).
//
// libjwt decodes and checks the signature; it trusts the token's own `alg`
// header, so the algorithm is pinned here after decoding: an HS256 token
// signed with an RS256 server's public key (the classic key-confusion forgery)
// is refused.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/auth/caller.h"

namespace nanoinfluence::auth {

enum class TokenAlgorithm { kHs256, kRs256, kEs256 };

// Where the keys come from, as the flags give them.
struct TokenKeyFiles {
  // "HS256", "RS256" or "ES256".
  std::string algorithm = "HS256";
  // HS256: the shared secret (at least 32 bytes; trailing newlines ignored).
  // When empty, the NANO_JWT_SECRET environment variable holds the secret.
  std::string secret_file;
  // RS256/ES256: the PEM public key tokens are verified with.
  std::string public_key_file;
  // RS256/ES256: the PEM private key, needed only to mint tokens (a service
  // calling its peers, nanoctl). Optional on a verify-only server.
  std::string private_key_file;
  std::string issuer = "nanoinfluence";
  std::string audience = "nanoinfluence";
  absl::Duration clock_skew = absl::Seconds(30);
};

// The loaded keys and the claims every token must carry.
struct TokenSettings {
  TokenAlgorithm algorithm = TokenAlgorithm::kHs256;
  std::string verify_key;   // Secret (HS256) or public key PEM.
  std::string signing_key;  // Secret (HS256) or private key PEM; may be empty.
  std::string issuer;
  std::string audience;
  // Allowed clock difference between the minting and the verifying machine.
  absl::Duration clock_skew;

  bool can_mint() const { return !signing_key.empty(); }
};

// Reads the key files. INVALID_ARGUMENT naming the setting when a key is
// missing, unreadable or too short.
absl::StatusOr<TokenSettings> LoadTokenSettings(const TokenKeyFiles& files);

// The caller a token speaks for, or UNAUTHENTICATED saying what is wrong
// (format, signature, algorithm, expiry, issuer, audience, claims).
absl::StatusOr<Caller> VerifyToken(const TokenSettings& settings,
                                   absl::string_view token, absl::Time now);

// A verified token: its caller and when it is valid (exp and nbf widened by
// the clock skew).
struct VerifiedToken {
  Caller caller;
  absl::Time valid_from = absl::InfinitePast();
  absl::Time valid_until;

  bool ValidAt(absl::Time now) const {
    return now >= valid_from && now <= valid_until;
  }
};

// VerifyToken with the validity window (TokenVerifier remembers it).
absl::StatusOr<VerifiedToken> VerifyTokenClaims(const TokenSettings& settings,
                                                absl::string_view token,
                                                absl::Time now);

// A token for `caller` valid from `now` for `ttl`. FAILED_PRECONDITION when
// the settings hold no signing key; INVALID_ARGUMENT when the caller's tenant
// does not fit its role (a brand without a brand id, ...).
absl::StatusOr<std::string> MintToken(const TokenSettings& settings,
                                      const Caller& caller, absl::Duration ttl,
                                      absl::Time now);

// Checks that a caller's tenant binding fits its role: a brand id exactly for
// brands, an ambassador id exactly for ambassadors, a subject always.
absl::Status ValidateBinding(const Caller& caller);

}  // namespace nanoinfluence::auth
