// The dispatch rules without a database: the shipment state machine, the
// stock each move takes or gives back, the serving order when stock runs
// short, and how a test ends.
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/dispatch/domain/shipment_rules.h"
#include "services/dispatch/domain/stock_rules.h"

namespace nanoinfluence::dispatch {
namespace {

using common::v1::SHIPMENT_STATUS_ALLOCATED;
using common::v1::SHIPMENT_STATUS_DELIVERED;
using common::v1::SHIPMENT_STATUS_LOST;
using common::v1::SHIPMENT_STATUS_RETURNED;
using common::v1::SHIPMENT_STATUS_SHIPPED;
using common::v1::TIER_MACRO;
using common::v1::TIER_MICRO;
using common::v1::TIER_NANO;

constexpr ShipmentStatus kStatuses[] = {
    SHIPMENT_STATUS_ALLOCATED, SHIPMENT_STATUS_SHIPPED,
    SHIPMENT_STATUS_DELIVERED, SHIPMENT_STATUS_RETURNED, SHIPMENT_STATUS_LOST};

TEST(ShipmentRulesTest, OnlyTheMovesOfTheStateMachineAreAllowed) {
  const std::set<std::pair<ShipmentStatus, ShipmentStatus>> allowed = {
      {SHIPMENT_STATUS_ALLOCATED, SHIPMENT_STATUS_SHIPPED},
      {SHIPMENT_STATUS_SHIPPED, SHIPMENT_STATUS_DELIVERED},
      {SHIPMENT_STATUS_SHIPPED, SHIPMENT_STATUS_RETURNED},
      {SHIPMENT_STATUS_SHIPPED, SHIPMENT_STATUS_LOST},
      {SHIPMENT_STATUS_LOST, SHIPMENT_STATUS_ALLOCATED}};
  for (ShipmentStatus from : kStatuses) {
    for (ShipmentStatus to : kStatuses) {
      const absl::Status status = CheckTransition(from, to, 0, false);
      EXPECT_EQ(status.ok(), allowed.contains({from, to}))
          << ShipmentStatus_Name(from) << " -> " << ShipmentStatus_Name(to);
      if (!status.ok()) {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_NE(status.message().find(ShipmentStatus_Name(to)),
                  std::string::npos);
      }
    }
  }
}

TEST(ShipmentRulesTest, ALostParcelIsReshippedOnceWhileTheCampaignIsOpen) {
  EXPECT_TRUE(
      CheckTransition(SHIPMENT_STATUS_LOST, SHIPMENT_STATUS_ALLOCATED, 0, false)
          .ok());
  EXPECT_EQ(
      CheckTransition(SHIPMENT_STATUS_LOST, SHIPMENT_STATUS_ALLOCATED, 1, false)
          .code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      CheckTransition(SHIPMENT_STATUS_LOST, SHIPMENT_STATUS_ALLOCATED, 0, true)
          .code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(ShipmentRulesTest, EveryMoveKeepsTheUnitsOfTheLineAccountedFor) {
  v1::Stock line;
  ASSERT_TRUE(ApplyDelta(*SetStockDelta(line, 10), &line).ok());
  ASSERT_TRUE(ApplyDelta(AllocationDelta(2), &line).ok());
  const auto sum = [&] {
    return line.units_available() + line.units_allocated() +
           line.units_shipped() + line.units_written_off();
  };
  const std::pair<ShipmentStatus, ShipmentStatus> path[] = {
      {SHIPMENT_STATUS_ALLOCATED, SHIPMENT_STATUS_SHIPPED},
      {SHIPMENT_STATUS_SHIPPED, SHIPMENT_STATUS_LOST},
      {SHIPMENT_STATUS_LOST, SHIPMENT_STATUS_ALLOCATED},
      {SHIPMENT_STATUS_ALLOCATED, SHIPMENT_STATUS_SHIPPED},
      {SHIPMENT_STATUS_SHIPPED, SHIPMENT_STATUS_RETURNED}};
  for (const auto& [from, to] : path) {
    ASSERT_TRUE(ApplyDelta(StockDeltaOf(from, to, 2), &line).ok());
    EXPECT_EQ(sum(), line.units_received()) << ShipmentStatus_Name(to);
  }
  // Lost once (written off), re-shipped with a new unit, returned (back).
  EXPECT_EQ(line.units_available(), 8);
  EXPECT_EQ(line.units_written_off(), 2);
  EXPECT_EQ(line.units_shipped(), 0);
  EXPECT_EQ(line.units_allocated(), 0);
  EXPECT_EQ(line.version(), 7);
}

TEST(StockRulesTest, ACountReceivesOrWritesOffTheDifference) {
  v1::Stock line;
  ASSERT_TRUE(ApplyDelta(*SetStockDelta(line, 100), &line).ok());
  ASSERT_TRUE(ApplyDelta(AllocationDelta(30), &line).ok());
  // 90 on hand: 30 allocated, so 60 available, 10 missing.
  ASSERT_TRUE(ApplyDelta(*SetStockDelta(line, 90), &line).ok());
  EXPECT_EQ(line.units_available(), 60);
  EXPECT_EQ(line.units_written_off(), 10);
  EXPECT_EQ(line.units_received(), 100);
  EXPECT_EQ(SetStockDelta(line, 29).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(StockRulesTest, AWriteOffTakesOnlyAvailableUnits) {
  v1::Stock line;
  ASSERT_TRUE(ApplyDelta(*SetStockDelta(line, 5), &line).ok());
  EXPECT_EQ(
      AdjustStockDelta(line, v1::STOCK_ADJUSTMENT_REASON_WRITE_OFF_DAMAGED, 6)
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(ApplyDelta(*AdjustStockDelta(
                             line, v1::STOCK_ADJUSTMENT_REASON_RESTOCK, 3),
                         &line)
                  .ok());
  EXPECT_EQ(line.units_available(), 8);
  EXPECT_EQ(line.units_received(), 8);
  // A bucket never goes below zero, whatever the caller computed.
  EXPECT_EQ(ApplyDelta(AllocationDelta(9), &line).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(line.units_available(), 8);
}

TEST(StockRulesTest, SkusAreShortAndPlain) {
  EXPECT_TRUE(CheckSku("sku", "OAT-BAR_40g.v2").ok());
  EXPECT_EQ(CheckSku("sku", "").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckSku("sku", std::string(65, 'a')).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckSku("sku", "oat bar").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ServingOrderTest, TiersAsTheBrandSaidThenRankThenId) {
  std::vector<TesterToServe> testers = {{"e", 5, TIER_NANO},
                                        {"d", 4, TIER_MACRO},
                                        {"c", 3, TIER_MICRO},
                                        {"b", 2, TIER_NANO},
                                        {"a", 2, TIER_MICRO}};
  SortForServing({TIER_MICRO}, testers);
  std::vector<std::string> order;
  for (const auto& t : testers) order.push_back(t.ambassador_id);
  // MICRO first; the unlisted tiers after, together, by rank.
  EXPECT_EQ(order, (std::vector<std::string>{"a", "c", "b", "d", "e"}));
  SortForServing({}, testers);
  order.clear();
  for (const auto& t : testers) order.push_back(t.ambassador_id);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

TEST(TestOutcomeTest, ATestEndsByItsDeadlineOrWithoutDelivery) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  OpenTest delivered;
  delivered.status = SHIPMENT_STATUS_DELIVERED;
  delivered.post_deadline = now - absl::Hours(1);
  EXPECT_EQ(DueOutcome(delivered, now), common::v1::TEST_OUTCOME_NOT_POSTED);
  delivered.first_post = now - absl::Hours(2);
  EXPECT_EQ(DueOutcome(delivered, now),
            common::v1::TEST_OUTCOME_POSTED_ON_TIME);
  delivered.first_post = now - absl::Minutes(30);
  EXPECT_EQ(DueOutcome(delivered, now), common::v1::TEST_OUTCOME_POSTED_LATE);
  delivered.post_deadline = now + absl::Hours(1);
  EXPECT_EQ(DueOutcome(delivered, now), std::nullopt);  // not due yet

  OpenTest lost;
  lost.status = SHIPMENT_STATUS_LOST;
  EXPECT_EQ(DueOutcome(lost, now), std::nullopt);  // may be re-shipped
  lost.reship_count = 1;
  EXPECT_EQ(DueOutcome(lost, now), common::v1::TEST_OUTCOME_NOT_DELIVERED);
  OpenTest returned;
  returned.status = SHIPMENT_STATUS_RETURNED;
  EXPECT_EQ(DueOutcome(returned, now), common::v1::TEST_OUTCOME_NOT_DELIVERED);
  OpenTest shipped;
  shipped.status = SHIPMENT_STATUS_SHIPPED;
  EXPECT_EQ(DueOutcome(shipped, now), std::nullopt);
}

}  // namespace
}  // namespace nanoinfluence::dispatch
