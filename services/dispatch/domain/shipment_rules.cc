#include "services/dispatch/domain/shipment_rules.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"

namespace nanoinfluence::dispatch {

using common::v1::SHIPMENT_STATUS_ALLOCATED;
using common::v1::SHIPMENT_STATUS_DELIVERED;
using common::v1::SHIPMENT_STATUS_LOST;
using common::v1::SHIPMENT_STATUS_RETURNED;
using common::v1::SHIPMENT_STATUS_SHIPPED;

absl::Status CheckTransition(ShipmentStatus from, ShipmentStatus to,
                             int reship_count, bool campaign_closed) {
  const auto refuse = [&](absl::string_view why) {
    return absl::FailedPreconditionError(absl::StrCat(
        "status: a ", common::v1::ShipmentStatus_Name(from),
        " shipment cannot become ", common::v1::ShipmentStatus_Name(to), why));
  };
  switch (from) {
    case SHIPMENT_STATUS_ALLOCATED:
      if (to == SHIPMENT_STATUS_SHIPPED) return absl::OkStatus();
      break;
    case SHIPMENT_STATUS_SHIPPED:
      if (to == SHIPMENT_STATUS_DELIVERED || to == SHIPMENT_STATUS_RETURNED ||
          to == SHIPMENT_STATUS_LOST) {
        return absl::OkStatus();
      }
      break;
    case SHIPMENT_STATUS_LOST:
      if (to != SHIPMENT_STATUS_ALLOCATED) break;
      if (reship_count > 0) return refuse(" (re-shipped once already)");
      if (campaign_closed) return refuse(" (the campaign is closed)");
      return absl::OkStatus();
    default:
      break;
  }
  return refuse("");
}

StockDelta StockDeltaOf(ShipmentStatus from, ShipmentStatus to, int quantity) {
  if (to == SHIPMENT_STATUS_SHIPPED) {
    return {.allocated = -quantity, .shipped = quantity};
  }
  if (to == SHIPMENT_STATUS_RETURNED) {
    return {.available = quantity, .shipped = -quantity};
  }
  if (to == SHIPMENT_STATUS_LOST) {
    return {.shipped = -quantity, .written_off = quantity};
  }
  if (from == SHIPMENT_STATUS_LOST && to == SHIPMENT_STATUS_ALLOCATED) {
    return AllocationDelta(quantity);
  }
  return {};  // DELIVERED: the unit stays counted as shipped
}

StockDelta AllocationDelta(int quantity) {
  return {.available = -quantity, .allocated = quantity};
}

void SortForServing(const std::vector<common::v1::Tier>& tier_priority,
                    std::vector<TesterToServe>& testers) {
  const auto position = [&](common::v1::Tier tier) {
    const auto it = std::find(tier_priority.begin(), tier_priority.end(), tier);
    return static_cast<int>(it - tier_priority.begin());
  };
  std::sort(testers.begin(), testers.end(),
            [&](const TesterToServe& a, const TesterToServe& b) {
              return std::make_tuple(position(a.tier), a.rank,
                                     std::cref(a.ambassador_id)) <
                     std::make_tuple(position(b.tier), b.rank,
                                     std::cref(b.ambassador_id));
            });
}

std::optional<common::v1::TestOutcome> DueOutcome(const OpenTest& test,
                                                  absl::Time now) {
  switch (test.status) {
    case SHIPMENT_STATUS_DELIVERED:
      if (!test.post_deadline.has_value() || *test.post_deadline >= now) {
        return std::nullopt;
      }
      if (!test.first_post.has_value())
        return common::v1::TEST_OUTCOME_NOT_POSTED;
      return *test.first_post <= *test.post_deadline
                 ? common::v1::TEST_OUTCOME_POSTED_ON_TIME
                 : common::v1::TEST_OUTCOME_POSTED_LATE;
    case SHIPMENT_STATUS_RETURNED:
      return common::v1::TEST_OUTCOME_NOT_DELIVERED;
    case SHIPMENT_STATUS_LOST:
      if (test.reship_count > 0 || test.campaign_closed) {
        return common::v1::TEST_OUTCOME_NOT_DELIVERED;
      }
      return std::nullopt;  // may still be re-shipped
    default:
      return std::nullopt;
  }
}

}  // namespace nanoinfluence::dispatch
