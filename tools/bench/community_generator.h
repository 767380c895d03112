// A realistic community for the selection benchmark, written into a
// recruitment database with the service's own storage code: a million
// ambassadors by default, mostly nano (audiences drawn from a log-normal
// law), across a few countries, universes, ages and households, some with a
// test history; a few RECRUITING campaigns alike (FOOD, France, 70% nano /
// 30% micro), each with its own draw of applicants, so a benchmark can time
// several real selections. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace nanoinfluence::bench {

struct CommunityOptions {
  int64_t ambassadors = 1'000'000;
  int64_t applicants = 100'000;
  int32_t slots = 5'000;
  int32_t campaigns = 3;
  // Selects every applicant of each campaign (rank = draw order) and marks
  // the campaigns SELECTION_DONE: testers ready for dispatch.
  bool select_all = false;
  uint64_t seed = 42;
};

struct Community {
  std::vector<std::string> campaign_ids;
  std::string brand_id;
  int64_t ambassadors = 0;
  int64_t applicants = 0;  // per campaign
  // With select_all: each campaign's testers, by rank.
  std::vector<std::vector<std::string>> testers;
  // Ambassadors per tier: NANO, MICRO, MACRO.
  int64_t by_tier[3] = {0, 0, 0};
};

// Creates `database_path` (SQLite, migrated) holding the community.
absl::StatusOr<Community> GenerateCommunity(const std::string& database_path,
                                            const CommunityOptions& options);

}  // namespace nanoinfluence::bench
