// What the demo did, recorded from the services' answers as it goes: each
// member's path through the funnel, every content item with its status,
// the study. The figures kpi must end up showing are counted from it
// (expected_figures.h), and the JSON summary is written from it.
//
// Phases fill it one after another; within a phase, parallel tasks write
// only their own member's or item's entry.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nanoinfluence/common/v1/taxonomy.pb.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "nanoinfluence/recruitment/v1/campaign.pb.h"
#include "nanoinfluence/ugc/v1/ugc_service.pb.h"

namespace nanoinfluence::demo {

// One member of the community, as the services answered.
struct PersonRecord {
  bool registered = false;
  // Tier and audience after the last linked account (recruitment's answer).
  common::v1::Tier tier = common::v1::TIER_UNSPECIFIED;
  int64_t audience = 0;
  int accounts_linked = 0;

  std::string application_id;
  bool applied = false;  // an application stands (not withdrawn)
  bool withdrew = false;
  bool household_refused = false;

  bool selected = false;
  common::v1::Tier selected_tier = common::v1::TIER_UNSPECIFIED;
  int rank = 0;

  // The tester's shipment, from dispatch's answers.
  std::string shipment_id;
  std::string sku;
  common::v1::Tier allocated_tier = common::v1::TIER_UNSPECIFIED;
  std::string carrier;
  std::string tracking_number;
  bool shipped = false;
  bool delivered = false;
  bool lost = false;
  bool returned = false;
  bool reshipped = false;

  bool tester() const { return !shipment_id.empty(); }
};

// Why the demo submitted an item: decides what the moderator does with it
// if ugc holds it.
enum class ItemRole {
  kGenuine,
  kWithoutDisclosure,  // a social post without marker (held)
  kResubmission,       // the same post again, with its marker
  kShopLinks,          // a recipe linking three shops (held, then approved)
  kAbusive,            // a review with a banned word (rejected)
  kLinkSpam,           // a non-tester selling something else (held)
  kNotReceived,        // a rating by a tester whose parcel never came
  kCopy,               // another tester's review pasted (rejected)
};

struct ContentRecord {
  int author = 0;  // member index
  ItemRole role = ItemRole::kGenuine;
  // The item this one resubmits (kResubmission), or -1.
  int resubmits = -1;
  // Whether the author sends it again with its marker once held.
  bool will_resubmit = false;
  ugc::v1::SubmitContentRequest request;
  // From ugc's answers.
  std::string content_id;
  // Where ugc says it was published (a social post's comes from its
  // network).
  common::v1::Platform platform = common::v1::PLATFORM_UNSPECIFIED;
  common::v1::Tier tier = common::v1::TIER_UNSPECIFIED;
  int64_t audience = 0;
  common::v1::ContentStatus status = common::v1::CONTENT_STATUS_UNSPECIFIED;
  std::vector<common::v1::ModerationReason> reasons;
  bool moderated = false;
  // Latest running totals sent with UpdateEngagement (social posts).
  int64_t views = 0;
  int64_t likes = 0;
  int64_t comments = 0;
  int64_t shares = 0;
};

struct StoreRecord {
  std::string store_id;
  bool exposed = false;
  int64_t before = 0;
  int64_t during = 0;
};

struct Ledger {
  uint64_t seed = 0;
  int run = 0;
  std::string brand_id;
  std::vector<std::string> skus;
  // The campaign as OpenCampaign answered (eligible counts included).
  recruitment::v1::Campaign campaign;
  std::vector<PersonRecord> people;
  std::vector<ContentRecord> items;

  // Dispatch.
  std::vector<int64_t> units_on_hand;
  std::vector<int64_t> allocated_per_sku;
  int64_t first_sku_out_of_stock = 0;
  int64_t tracking_lines = 0;
  int64_t tracking_rejected = 0;

  int64_t moderator_approved = 0;
  int64_t moderator_rejected = 0;
  int64_t brand_replies = 0;

  // The study.
  std::string study_id;
  std::string study_name;
  std::vector<StoreRecord> stores;

  const std::string& campaign_id() const { return campaign.campaign_id(); }
};

}  // namespace nanoinfluence::demo
