#include "libs/auth/peer_client.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/bearer.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::auth {

absl::StatusOr<std::unique_ptr<PeerClient>> PeerClient::Connect(
    PeerOptions options) {
  if (options.address.empty()) {
    return absl::InvalidArgumentError("peer address: must not be empty");
  }
  if (options.tokens == nullptr || !options.tokens->can_mint()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "peer ", options.address,
        ": calling it needs a token signing key (--jwt_secret_file, or "
        "--jwt_private_key_file for RS256/ES256)"));
  }
  NANO_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ChannelCredentials> credentials,
                        ChannelCredentialsFor(options.tls));
  grpc::ChannelArguments arguments;
  // Idempotent calls retried on UNAVAILABLE (libs/suite/peer_calls.h).
  arguments.SetServiceConfigJSON(kPeerServiceConfig);
  // gRPC's default reconnect backoff grows to two minutes, far longer than a
  // peer service takes to restart; callers (the relay) back off themselves.
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(
      GRPC_ARG_MAX_RECONNECT_BACKOFF_MS,
      static_cast<int>(absl::ToInt64Milliseconds(kMaxReconnectBackoff)));
  auto channel =
      grpc::CreateCustomChannel(options.address, credentials, arguments);
  return std::unique_ptr<PeerClient>(
      new PeerClient(std::move(options), std::move(channel)));
}

absl::StatusOr<std::string> PeerClient::CurrentToken() {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  if (now >= renew_at_) {
    Caller self;
    self.role = common::v1::ROLE_SERVICE;
    self.subject = options_.caller_name;
    NANO_ASSIGN_OR_RETURN(
        token_, MintToken(*options_.tokens, self, kTokenLifetime, now));
    renew_at_ = now + kTokenLifetime / 2;
  }
  return token_;
}

absl::StatusOr<std::unique_ptr<grpc::ClientContext>> PeerClient::NewCall(
    absl::Duration timeout) {
  NANO_ASSIGN_OR_RETURN(std::string token, CurrentToken());
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  context->AddMetadata(kAuthorizationKey, BearerValue(token));
  return context;
}

}  // namespace nanoinfluence::auth
