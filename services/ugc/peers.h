// What ugc asks of other services: whether dispatch delivered the campaign's
// product to the author (the verified-tester badge), and the author's tier
// and audience (the shared tier cache). Interfaces, so the rules above them
// can be tested with fakes; the real ones call with the service's token and
// the short deadline of libs/suite/peer_calls.h, and a peer that does not
// answer never refuses a submission.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "libs/auth/peer_client.h"
#include "libs/tiers/tier_reader.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "services/ugc/domain/moderation.h"

namespace nanoinfluence::ugc {

class ReceiptCheck {
 public:
  virtual ~ReceiptCheck() = default;
  // kUnknown when dispatch cannot be asked in time.
  virtual Delivery Check(const std::string& campaign_id,
                         const std::string& ambassador_id) = 0;
};

// DispatchService.GetProofOfReceipt.
class DispatchReceiptCheck : public ReceiptCheck {
 public:
  explicit DispatchReceiptCheck(std::unique_ptr<auth::PeerClient> dispatch)
      : dispatch_(std::move(dispatch)) {}
  Delivery Check(const std::string& campaign_id,
                 const std::string& ambassador_id) override;

 private:
  const std::unique_ptr<auth::PeerClient> dispatch_;
};

class AuthorTiers {
 public:
  virtual ~AuthorTiers() = default;
  // The author's tier and audience; nullopt when neither the cache nor
  // recruitment can tell.
  virtual std::optional<common::v1::TierRecord> Get(
      const std::string& ambassador_id) = 0;
};

// The shared tier cache (tiers::TierReader: Redis, then recruitment).
class CachedAuthorTiers : public AuthorTiers {
 public:
  explicit CachedAuthorTiers(tiers::TierReader& reader) : reader_(reader) {}
  std::optional<common::v1::TierRecord> Get(
      const std::string& ambassador_id) override;

 private:
  tiers::TierReader& reader_;
};

}  // namespace nanoinfluence::ugc
