// Who a campaign's targeting reaches. The facts of every ambassador that
// targeting reads are kept in memory (a few hundred bytes each), so counting
// a targeting over a million ambassadors is a scan of a flat array, not of
// the database; the index is loaded from the database at start and updated
// after each committed change.
//
//   CompiledTargeting targeting = CompiledTargeting::From(spec.targeting());
//   EligibleCount count = index.Count(targeting, today, {});
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "nanoinfluence/recruitment/v1/campaign.pb.h"

namespace nanoinfluence::recruitment {

// What targeting and applying read of one ambassador.
struct AmbassadorFacts {
  std::string ambassador_id;
  common::v1::Tier tier = common::v1::TIER_NANO;
  int64_t audience = 0;
  // The tier record's version and computation time (Unix microseconds):
  // with tier and audience, what GetTier answers.
  int64_t tier_version = 0;
  int64_t tier_computed_at = 0;
  // Bit u set for each declared Universe value u.
  uint32_t universes = 0;
  std::string country_code;
  // Letters and digits of the postal code, upper case.
  std::string postal_key;
  // yyyymmdd.
  int32_t birth_date = 0;
  // Birth year of the youngest child; 0 without children.
  int32_t youngest_child_year = 0;
  double engagement_rate_percent = 0;
  double reliability_score = 0;
  // The accepted terms and data-processing versions are the published ones.
  bool consent_current = false;
  bool has_shipping_address = false;
  bool has_active_test = false;
};

// A Targeting turned into what a scan compares quickly. Built from a
// targeting already validated (campaign_rules.h).
struct CompiledTargeting {
  uint32_t tiers = 0;      // bit per Tier value; 0 = any
  uint32_t universes = 0;  // bit per Universe value; 0 = any
  std::vector<std::string> countries;
  // (country, postal-code prefix key).
  std::vector<std::pair<std::string, std::string>> regions;
  int min_age = 0;
  int max_age = 0;
  std::optional<bool> with_children;
  int max_child_age = 0;
  double min_engagement_rate_percent = 0;

  static CompiledTargeting From(const v1::Targeting& targeting);

  // Whether the targeting reaches `facts` on the day `today` (yyyymmdd).
  // Consent and the minimum age are checked as well (every campaign needs
  // them); an active test is not (see EligibilityIndex::Count).
  bool Matches(const AmbassadorFacts& facts, int32_t today) const;
};

// Ambassadors per tier: [0] NANO, [1] MICRO, [2] MACRO.
struct EligibleCount {
  int64_t total = 0;
  std::array<int64_t, 3> by_tier = {0, 0, 0};
};

class EligibilityIndex {
 public:
  // The index follows the database in commit order: callers apply changes
  // from sql::Connection::OnCommit.

  // Adds or replaces an ambassador's facts (not once removed).
  void Upsert(AmbassadorFacts facts);
  // Removes an ambassador (erasure) for good.
  void Remove(const std::string& ambassador_id);
  // Records that the ambassador now holds, or no longer holds, a test.
  void SetActiveTest(const std::string& ambassador_id, bool active);

  std::optional<AmbassadorFacts> Get(const std::string& ambassador_id) const;
  // Get for many ids under one lock, in the same order.
  std::vector<std::optional<AmbassadorFacts>> GetMany(
      const std::vector<std::string>& ambassador_ids) const;
  // Calls `visit` with the ambassador's facts, in place rather than copied
  // (selection reads 100,000s), when the ambassador is known; returns
  // whether it was.
  bool Visit(absl::string_view ambassador_id,
             absl::FunctionRef<void(const AmbassadorFacts&)> visit) const;

  // Counts the ambassadors `targeting` reaches, leaving out those holding
  // an active test when `exclude_active_testers`.
  EligibleCount Count(const CompiledTargeting& targeting, int32_t today,
                      bool exclude_active_testers) const;

  size_t size() const;

 private:
  mutable absl::Mutex mu_;
  // Dense storage, scanned by Count; erased slots keep only the id and are
  // skipped.
  std::vector<AmbassadorFacts> facts_ ABSL_GUARDED_BY(mu_);
  std::vector<bool> removed_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, uint32_t> slot_of_ ABSL_GUARDED_BY(mu_);
  size_t live_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace nanoinfluence::recruitment
