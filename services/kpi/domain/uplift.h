// Difference-in-differences sales uplift with a bootstrap interval, as
// specified by proto/nanoinfluence/kpi/v1/uplift.proto.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/random/xoshiro256.h"

namespace nanoinfluence::kpi {

// One store's units in the two periods of a study; nullopt = not recorded.
// Recorded units are 0..1,000,000,000, as RecordStoreSales enforces.
struct StoreFigures {
  std::string store_id;
  bool exposed = false;
  std::optional<int64_t> before;
  std::optional<int64_t> during;
};

// Mirrors UpliftRefusal of uplift.proto; kNone means a result was given.
enum class Refusal { kNone, kTooFewStores, kEmptyPeriod, kUnstableInterval };

// The value name of uplift.proto ("UPLIFT_REFUSAL_TOO_FEW_STORES", ...), so
// the service's status messages match the contract without the proto here.
std::string_view RefusalName(Refusal refusal);

// `iterations` >= 1 and 0 < `confidence` < 1; the service validates both.
struct UpliftOptions {
  int min_stores_per_area = 2;
  uint64_t seed = 1;
  int iterations = 2000;
  double confidence = 0.95;
};

// Totals of one area over its usable stores (both periods recorded).
struct AreaTotals {
  int64_t before = 0;
  int64_t during = 0;
  int stores = 0;
};

// On a refusal, everything computed before the failing check is still set
// (totals and incomplete stores always, the point estimate and resample
// counts for kUnstableInterval) so a console can show what was missing.
struct Uplift {
  Refusal refusal = Refusal::kNone;
  // Starts with RefusalName(refusal), then the figures that failed; empty
  // with a result.
  std::string refusal_detail;
  double uplift = 0, ci_low = 0, ci_high = 0;
  double exposed_ratio = 0, control_ratio = 0;
  AreaTotals exposed, control;
  int iterations = 0, discarded_resamples = 0;
  // Left out because only one period is recorded; sorted.
  std::vector<std::string> incomplete_stores;
};

// Deterministic for a given multiset of stores, seed and iterations: the
// input order does not matter and the result is the same bit for bit on
// every IEEE-754 platform and standard library.
Uplift ComputeUplift(std::vector<StoreFigures> stores,
                     const UpliftOptions& options);

// The bootstrap's random stream (libs/random): its draws are hand-written
// because the standard distributions differ between library
// implementations, which would break reproducible results.
class BootstrapRandom {
 public:
  explicit BootstrapRandom(uint64_t seed) : generator_(seed) {}

  uint64_t Next() { return generator_.Next(); }
  // Uniform in [0, bound) without modulo bias (Lemire's method); bound > 0.
  uint64_t Below(uint64_t bound);

 private:
  Xoshiro256 generator_;
};

// Percentile `p` in [0, 1] of a sorted, non-empty sample by linear
// interpolation between closest ranks (Hyndman & Fan type 7, the default of
// R and NumPy): h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h + 1] -
// x[floor h]).
double Type7Percentile(const std::vector<double>& sorted, double p);

}  // namespace nanoinfluence::kpi
