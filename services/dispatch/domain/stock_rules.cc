#include "services/dispatch/domain/stock_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/validation/field_checks.h"

namespace nanoinfluence::dispatch {

using validation::InvalidField;

absl::StatusOr<StockDelta> SetStockDelta(const v1::Stock& line,
                                         int64_t units_on_hand) {
  if (units_on_hand < line.units_allocated()) {
    return absl::FailedPreconditionError(
        absl::StrCat("units_on_hand: ", units_on_hand, " is fewer than the ",
                     line.units_allocated(),
                     " units allocated to testers and not shipped yet"));
  }
  const int64_t change =
      units_on_hand - line.units_allocated() - line.units_available();
  StockDelta delta{.available = change};
  if (change > 0) {
    delta.received = change;
  } else {
    delta.written_off = -change;
  }
  return delta;
}

absl::StatusOr<StockDelta> AdjustStockDelta(const v1::Stock& line,
                                            v1::StockAdjustmentReason reason,
                                            int64_t quantity) {
  if (reason == v1::STOCK_ADJUSTMENT_REASON_RESTOCK) {
    return StockDelta{.available = quantity, .received = quantity};
  }
  if (quantity > line.units_available()) {
    return absl::FailedPreconditionError(
        absl::StrCat("quantity: only ", line.units_available(),
                     " units are available to write off"));
  }
  return StockDelta{.available = -quantity, .written_off = quantity};
}

absl::Status ApplyDelta(const StockDelta& delta, v1::Stock* line) {
  const struct {
    const char* name;
    int64_t value;
  } after[] = {
      {"units_available", line->units_available() + delta.available},
      {"units_allocated", line->units_allocated() + delta.allocated},
      {"units_shipped", line->units_shipped() + delta.shipped},
      {"units_written_off", line->units_written_off() + delta.written_off},
      {"units_received", line->units_received() + delta.received},
  };
  for (const auto& bucket : after) {
    if (bucket.value < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("stock: ", bucket.name, " would go below zero"));
    }
  }
  line->set_units_available(after[0].value);
  line->set_units_allocated(after[1].value);
  line->set_units_shipped(after[2].value);
  line->set_units_written_off(after[3].value);
  line->set_units_received(after[4].value);
  line->set_version(line->version() + 1);
  return absl::OkStatus();
}

}  // namespace nanoinfluence::dispatch
