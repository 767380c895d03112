// The shipment state machine (shipment.proto), the stock each move takes or
// gives back, the order testers are served in when stock runs short, and
// how a test ends. Pure: unit-tested without a database.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "nanoinfluence/common/v1/taxonomy.pb.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "services/dispatch/domain/stock_rules.h"

namespace nanoinfluence::dispatch {

using common::v1::ShipmentStatus;

// Whether a shipment in `from` (re-shipped `reship_count` times) may move
// to `to`; FAILED_PRECONDITION naming both otherwise. `campaign_closed`
// forbids a re-ship.
//   ALLOCATED -> SHIPPED
//   SHIPPED   -> DELIVERED | RETURNED | LOST
//   LOST      -> ALLOCATED  (re-ship, once, while the campaign is open)
absl::Status CheckTransition(ShipmentStatus from, ShipmentStatus to,
                             int reship_count, bool campaign_closed);

// The stock movement of an allowed move, for `quantity` units: shipping
// turns allocated into shipped, a return puts the unit back into available,
// a loss writes it off, a re-ship takes a new unit.
StockDelta StockDeltaOf(ShipmentStatus from, ShipmentStatus to, int quantity);

// The stock movement of a first allocation.
StockDelta AllocationDelta(int quantity);

// A selected tester waiting for a sample.
struct TesterToServe {
  std::string ambassador_id;
  int rank = 0;  // selection rank, 1 first
  common::v1::Tier tier = common::v1::TIER_NANO;
};

// Sorts testers in serving order: by the position of their tier in
// `tier_priority` (tiers it does not list after the listed ones,
// together), then by rank, then by id.
void SortForServing(const std::vector<common::v1::Tier>& tier_priority,
                    std::vector<TesterToServe>& testers);

// What a shipment's test needs to end.
struct OpenTest {
  ShipmentStatus status = common::v1::SHIPMENT_STATUS_UNSPECIFIED;
  int reship_count = 0;
  bool campaign_closed = false;
  std::optional<absl::Time> post_deadline;  // set once delivered
  std::optional<absl::Time> first_post;     // first approved content
};

// How the test ends if closed at `now`; nullopt while it is not due:
// DELIVERED past its deadline is POSTED_ON_TIME, POSTED_LATE or NOT_POSTED;
// RETURNED, or LOST with no re-ship left, is NOT_DELIVERED.
std::optional<common::v1::TestOutcome> DueOutcome(const OpenTest& test,
                                                  absl::Time now);

}  // namespace nanoinfluence::dispatch
