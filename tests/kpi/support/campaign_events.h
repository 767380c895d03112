// A generated campaign as kpi hears it: the events recruitment, dispatch and
// ugc would publish (applications, selections, allocations, shipments,
// content, moderation, engagement), deterministic for a seed, together with
// the figures its report must show, computed straight from the generator's
// own model of what happened, not from the events, so a test compares kpi
// against an independent count.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "nanoinfluence/common/v1/events.pb.h"

namespace nanoinfluence::kpi::testing {

struct CampaignSpec {
  std::string campaign_id = "c0000000-0000-4000-8000-000000000001";
  std::string brand_id = "b0000000-0000-4000-8000-000000000001";
  std::string sku = "BAR-CHOCO-40G";
  std::string campaign_name = "Test the new chocolate bar";
  std::string brand_name = "Cocoa & Co";
  std::string product_name = "Chocolate bar 40 g";
  // Ambassadors who apply; about half end up testers.
  int applicants = 300;
  // Content items per delivered tester, on average.
  int contents_per_tester = 3;
  uint64_t seed = 1;
  absl::Time opened_at = absl::FromUnixSeconds(1767571200);  // 2026-01-05
};

// What the report must say, tier index 1..3 (0 = all tiers).
struct ExpectedFigures {
  std::array<int64_t, 4> eligible{}, applied{}, selected{}, allocated{},
      shipped{}, delivered{}, posted{}, posted_after_delivery{};
  std::array<int64_t, 4> approved{}, pending{}, rejected{};
  // sku -> count of ratings with 1..5 stars (index 1..5), all tiers.
  std::map<std::string, std::array<int64_t, 6>> stars;
  // (sku, platform) -> approved reviews, all tiers.
  std::map<std::pair<std::string, int>, int64_t> reviews;
  std::array<int64_t, 4> reach{}, authors{}, posts{}, views{}, engagements{};
  std::array<int64_t, 4> people_told{}, declarations{}, declarants{};
  // Seconds from delivery to first approved post, sorted, all tiers.
  std::vector<int64_t> times_to_post;
  // Approved content per day of submission (days since 1970), all tiers.
  std::map<int64_t, int64_t> approved_per_day;
};

struct GeneratedCampaign {
  // In the order the producers wrote them (per producer, by sequence).
  std::vector<common::v1::Event> events;
  ExpectedFigures expected;
};

GeneratedCampaign GenerateCampaign(const CampaignSpec& spec);

// The batches relays would send: one producer each, at most `max_batch`
// events in sequence order, producers interleaved.
std::vector<common::v1::IngestEventsRequest> RelayBatches(
    const std::vector<common::v1::Event>& events, int max_batch = 500);

}  // namespace nanoinfluence::kpi::testing
