// How units move between the buckets of a stock line (stock.proto): every
// change is a StockDelta, so the line's sum
//   received = available + allocated + shipped + written_off
// holds by construction, and the database's CHECK constraints catch any
// slip (available never below zero).
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/validation/field_checks.h"
#include "nanoinfluence/common/v1/taxonomy.pb.h"
#include "nanoinfluence/dispatch/v1/stock.pb.h"

namespace nanoinfluence::dispatch {

struct StockDelta {
  int64_t available = 0;
  int64_t allocated = 0;
  int64_t shipped = 0;
  int64_t written_off = 0;
  int64_t received = 0;
  bool operator==(const StockDelta&) const = default;
};

// Largest figure a request may carry (units on hand, adjustment quantity).
inline constexpr int64_t kMaxUnits = 10'000'000;

using validation::CheckSku;

// SetStock: `units_on_hand` (available + allocated) counted in the
// warehouse. More than before is received, fewer is written off as missing.
// FAILED_PRECONDITION when fewer than the allocated units.
absl::StatusOr<StockDelta> SetStockDelta(const v1::Stock& line,
                                         int64_t units_on_hand);

// AdjustStock: RESTOCK adds, every WRITE_OFF takes from available
// (FAILED_PRECONDITION beyond it).
absl::StatusOr<StockDelta> AdjustStockDelta(const v1::Stock& line,
                                            v1::StockAdjustmentReason reason,
                                            int64_t quantity);

// Applies `delta` to `line` and bumps its version; FAILED_PRECONDITION
// (naming the bucket) if a bucket would go below zero.
absl::Status ApplyDelta(const StockDelta& delta, v1::Stock* line);

}  // namespace nanoinfluence::dispatch
