// What one tester of a campaign counts in the funnel, the first posts, the
// online reach and the declarants. The state is merged from the events of
// recruitment, dispatch and ugc in any order (services/kpi/aggregates.cc).
#pragma once

#include <cstdint>
#include <optional>

#include "services/kpi/domain/counts.h"

namespace nanoinfluence::kpi {

struct TesterState {
  // Recruitment: decided by the latest event (by producer sequence).
  bool applied = false;
  int applied_tier = 0;
  bool selected = false;
  int selected_tier = 0;
  // Dispatch: stages only ever reached, never left.
  bool allocated = false;
  bool shipped = false;
  // The tier at allocation as SampleAllocated gave it, and the highest one
  // shipment events gave (they repeat it): both 0 while unknown.
  int allocation_tier = 0;
  int shipment_tier = 0;
  std::optional<int64_t> delivered_at;
  // Ugc: derived from the tester's currently approved content.
  std::optional<int64_t> first_post_at;
  std::optional<int64_t> first_social_at;
  int64_t first_social_audience = 0;
  int first_social_tier = 0;
  std::optional<int64_t> first_declaration_at;
  int first_declaration_tier = 0;

  bool posted() const { return first_post_at.has_value(); }
};

// The tier of the stages from allocation on: the tier at allocation
// (SampleAllocated's, else the shipment events'), NANO when none says.
// Whatever order the events came in, the same tier.
int StageTier(const TesterState& tester);

// Seconds from delivery to the first approved post, 0 when the post came
// first; nullopt unless both happened.
std::optional<int64_t> TimeToPostSeconds(const TesterState& tester);

Counts CountTester(const TesterState& tester);

}  // namespace nanoinfluence::kpi
