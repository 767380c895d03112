// The selection of a campaign's testers from its applicants: pure, so the
// same applicants and seed always give the same testers.
//
// Each quota bucket is filled from its own applicants, ranked by
// reliability score, then engagement rate, ties broken by a hash of the
// seed and the ambassador id. A bucket that lacks applicants hands its
// unused slots on: after every bucket took its own share, the spare slots
// go to the remaining applicants of the buckets in quota order. The total
// never exceeds the campaign's slots. One tester per household.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nanoinfluence/common/v1/tier.pb.h"
#include "nanoinfluence/recruitment/v1/campaign.pb.h"
#include "nanoinfluence/recruitment/v1/recruitment_service.pb.h"

namespace nanoinfluence::recruitment {

struct Applicant {
  std::string ambassador_id;
  common::v1::Tier tier = common::v1::TIER_NANO;
  std::string country_code;
  std::string postal_key;  // letters and digits, upper case
  std::string household_key;
  double reliability_score = 0;
  double engagement_rate_percent = 0;
};

struct SelectedApplicant {
  // Index into the applicants given to Select.
  size_t applicant = 0;
  // 1 = served first by dispatch: by tier priority, then selection order.
  int rank = 0;
};

struct Selection {
  std::vector<SelectedApplicant> selected;  // by rank
  std::vector<v1::BucketFill> buckets;      // in quota order
  int unfilled_slots = 0;
};

// Turns the quotas of a spec into slot counts (percents by largest
// remainder, ties to the earlier bucket). No quotas: one bucket, all slots.
std::vector<int> QuotaTargets(const v1::CampaignSpec& spec);

// The quota bucket an applicant belongs to, or -1 for none (never
// selected). Regions: the longest matching prefix wins.
int BucketOf(const v1::CampaignSpec& spec, const Applicant& applicant);

// Selects from `applicants`, who must already be eligible.
Selection Select(const v1::CampaignSpec& spec,
                 const std::vector<Applicant>& applicants, uint64_t seed);

// The order dispatch serves tiers in: the campaign's tier priority, then
// the tiers it does not list in the order NANO, MICRO, MACRO. Returns the
// position of `tier` (0 first).
int TierPriority(const v1::CampaignSpec& spec, common::v1::Tier tier);

}  // namespace nanoinfluence::recruitment
