// How a service calls another service of the suite: over the configured
// transport security, every call with a `service` token minted for the
// calling service (cached, renewed before it expires), a deadline, and the
// retries of the suite's peer service config (libs/suite/peer_calls.h).
//
//   NANO_ASSIGN_OR_RETURN(auto recruitment, PeerClient::Connect({
//       .address = "127.0.0.1:7101", .tls = tls, .tokens = tokens,
//       .caller_name = "dispatch"}));
//   auto stub = RecruitmentService::NewStub(recruitment->channel());
//   NANO_ASSIGN_OR_RETURN(auto context,
//                         recruitment->NewCall(kTierLookupDeadline));
//   grpc::Status status = stub->ListSelected(context.get(), request, &reply);
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "libs/auth/token.h"
#include "libs/auth/transport_security.h"
#include "libs/suite/peer_calls.h"

namespace nanoinfluence::auth {

struct PeerOptions {
  // host:port of the peer service.
  std::string address;
  TlsFiles tls;
  // Must hold a signing key: the caller mints its own service tokens.
  std::shared_ptr<const TokenSettings> tokens;
  // The calling service's name: the `sub` of its tokens ("dispatch").
  std::string caller_name;
};

class PeerClient {
 public:
  // INVALID_ARGUMENT for an unusable configuration (no address, no signing
  // key, unreadable certificates). Connecting itself is lazy.
  static absl::StatusOr<std::unique_ptr<PeerClient>> Connect(
      PeerOptions options);

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

  // A context for one call: the service token, and a deadline `timeout`
  // from now (libs/suite/peer_calls.h names them).
  absl::StatusOr<std::unique_ptr<grpc::ClientContext>> NewCall(
      absl::Duration timeout = kDefaultPeerDeadline);

 private:
  // Longest wait between attempts to reconnect to a peer that went away.
  static constexpr absl::Duration kMaxReconnectBackoff = absl::Seconds(1);
  // Service tokens live this long and are renewed at half their life.
  static constexpr absl::Duration kTokenLifetime = absl::Minutes(10);

  PeerClient(PeerOptions options, std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)), channel_(std::move(channel)) {}

  absl::StatusOr<std::string> CurrentToken();

  const PeerOptions options_;
  const std::shared_ptr<grpc::Channel> channel_;
  absl::Mutex mu_;
  std::string token_ ABSL_GUARDED_BY(mu_);
  absl::Time renew_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace nanoinfluence::auth
