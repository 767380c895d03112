// Applies one event to kpi's aggregates, inside the intake's transaction:
// the campaign row, the state of the tester and content item the event is
// about (merged so that any arrival order gives the same state), and the
// counters, moved by the difference of what that state counted before and
// after. The same code replays the event log for Recount.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/sql/database.h"
#include "nanoinfluence/common/v1/events.pb.h"

namespace nanoinfluence::kpi {

// The campaign an event is about; empty for events about no campaign
// (registrations, tier changes, erasures), which kpi does not count.
std::string CampaignOf(const common::v1::Event& event);

// Applies `event` (first delivery only: the intake drops duplicates) as of
// `applied_at`. With `keep_in_log` the event is kept for Recount's replay;
// a replay passes false.
absl::Status ApplyToAggregates(sql::Connection& tx,
                               const common::v1::Event& event,
                               absl::Time applied_at, bool keep_in_log);

}  // namespace nanoinfluence::kpi
