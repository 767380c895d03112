// The demo's community: people who installed the ambassador app, generated
// from the seed. Most live in France and like food; a few live in Belgium
// or Switzerland, or declared other interests, so the campaign's targeting
// leaves them out. Their linked social accounts add up to audiences whose
// tiers come out about 70% nano, 25% micro and 5% macro. A few couples
// share one address: one household, one product per campaign.
//
//   Community community = GenerateCommunity(seed, run, 3000);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nanoinfluence/common/v1/taxonomy.pb.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "nanoinfluence/common/v1/types.pb.h"

namespace nanoinfluence::demo {

struct AccountPlan {
  common::v1::SocialNetwork network;
  std::string handle;
  int64_t followers = 0;
  double engagement_rate_percent = 0;
};

struct Member {
  int index = 0;
  // Minted by the app's sign-up and bound to the member's token; the
  // service registers the ambassador under it and answers it back.
  std::string ambassador_id;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;  // empty for some
  common::v1::Date birth_date;
  std::string country_code;
  std::string postal_code;
  std::string city;
  std::string line1;
  std::string line2;
  int household_size = 1;
  std::vector<int> children_birth_years;
  std::vector<common::v1::Universe> universes;
  bool marketing_consent = false;
  std::vector<AccountPlan> accounts;
  // Sum of the accounts' followers, and the tier it gives (the rule of
  // docs/tiers.md); the service's answer is what the demo records.
  int64_t audience = 0;
  common::v1::Tier tier = common::v1::TIER_UNSPECIFIED;
  // The earlier member whose address this one shares, or -1.
  int partner_of = -1;

  // "Léa M.": the name content is published under.
  std::string DisplayName() const;
  // Lives in France and likes food: what the campaign targets.
  bool MatchesCampaign() const;
};

struct Community {
  std::vector<Member> members;
};

// `size` members, the same for the same seed. `run` (the brand's earlier
// demo campaigns) only makes emails, handles and ids unique when the demo
// runs again on the same suite.
Community GenerateCommunity(uint64_t seed, int run, int size);

// The tier an audience gives: NANO < 1,000 <= MICRO <= 100,000 < MACRO.
common::v1::Tier TierOfAudience(int64_t audience);

}  // namespace nanoinfluence::demo
