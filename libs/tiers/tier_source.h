// Where the tier readers go on a cache miss: the source of truth. In the
// services that is RecruitmentService (RecruitmentTierSource); tests may put
// an in-process table behind it.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/auth/peer_client.h"
#include "nanoinfluence/common/v1/tier.pb.h"

namespace nanoinfluence::tiers {

class TierSource {
 public:
  virtual ~TierSource() = default;
  // NOT_FOUND for an unknown or erased ambassador.
  virtual absl::StatusOr<common::v1::TierRecord> Get(
      const std::string& ambassador_id) = 0;
  // The records of the known ids among `ambassador_ids` (at most 1,000).
  virtual absl::StatusOr<std::vector<common::v1::TierRecord>> GetMany(
      const std::vector<std::string>& ambassador_ids) = 0;
};

// RecruitmentService.GetTier / BatchGetTiers with the caller's service token
// and deadline.
class RecruitmentTierSource : public TierSource {
 public:
  explicit RecruitmentTierSource(auth::PeerClient& recruitment)
      : recruitment_(recruitment) {}

  absl::StatusOr<common::v1::TierRecord> Get(
      const std::string& ambassador_id) override;
  absl::StatusOr<std::vector<common::v1::TierRecord>> GetMany(
      const std::vector<std::string>& ambassador_ids) override;

 private:
  auth::PeerClient& recruitment_;
};

}  // namespace nanoinfluence::tiers
