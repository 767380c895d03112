// What dispatch asks of other services: the selected testers of a campaign
// (recruitment, with their shipping addresses) and tiers (the shared tier
// cache). Interfaces, so the rules above them can be tested with fakes; the
// real ones call over gRPC with the service's token and a deadline.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/peer_client.h"
#include "libs/tiers/tier_reader.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "nanoinfluence/common/v1/types.pb.h"

namespace nanoinfluence::dispatch {

struct SelectedTester {
  std::string ambassador_id;
  int rank = 0;
  common::v1::Tier tier = common::v1::TIER_NANO;  // at selection
  std::optional<common::v1::PostalAddress> address;
};

struct CampaignSelection {
  std::vector<SelectedTester> testers;  // by rank
  int post_deadline_days = 0;
  // Countries samples may go to; empty = anywhere.
  std::vector<std::string> ship_to_country_codes;
};

class SelectedTesters {
 public:
  virtual ~SelectedTesters() = default;
  // The campaign's selected testers, or only `ambassador_id` when given.
  // UNAVAILABLE when recruitment does not answer in time; NOT_FOUND or
  // FAILED_PRECONDITION as recruitment says (unknown campaign, no
  // selection yet).
  virtual absl::StatusOr<CampaignSelection> List(
      const std::string& campaign_id, const std::string& ambassador_id) = 0;
};

// RecruitmentService.ListSelectedTesters, page after page, within one
// overall deadline.
class RecruitmentSelectedTesters : public SelectedTesters {
 public:
  RecruitmentSelectedTesters(std::unique_ptr<auth::PeerClient> recruitment,
                             absl::Duration deadline)
      : recruitment_(std::move(recruitment)), deadline_(deadline) {}
  absl::StatusOr<CampaignSelection> List(
      const std::string& campaign_id,
      const std::string& ambassador_id) override;

 private:
  const std::unique_ptr<auth::PeerClient> recruitment_;
  const absl::Duration deadline_;
};

class TierLookup {
 public:
  virtual ~TierLookup() = default;
  // The current tier of each id it could find; an id missing from the map
  // keeps the tier it had at selection (the cache and recruitment both
  // down must not stop shipping).
  virtual absl::flat_hash_map<std::string, common::v1::Tier> Tiers(
      const std::vector<std::string>& ambassador_ids) = 0;
};

// The shared tier cache (tiers::TierReader: Redis, then recruitment).
class CachedTierLookup : public TierLookup {
 public:
  explicit CachedTierLookup(tiers::TierReader& reader) : reader_(reader) {}
  absl::flat_hash_map<std::string, common::v1::Tier> Tiers(
      const std::vector<std::string>& ambassador_ids) override;

 private:
  tiers::TierReader& reader_;
};

}  // namespace nanoinfluence::dispatch
