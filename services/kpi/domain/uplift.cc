#include "services/kpi/domain/uplift.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "absl/strings/str_format.h"

namespace nanoinfluence::kpi {
namespace {

// Units are at most 1e9 per store and period, so an int64 sum only
// overflows past 9.2e9 stores: plain int64 sums are exact, for the totals and
// for every resample alike, and convert to double exactly below 2^53 units.
struct StoreUnits {
  int64_t before;
  int64_t during;
};

// nullopt when any of the four is 0: like EMPTY_PERIOD for the totals, a
// resample with a zero figure has no usable ratio (x/0, 0/0 or a certain
// -100%).
std::optional<double> DifferenceInDifferences(int64_t e_before,
                                              int64_t e_during,
                                              int64_t c_before,
                                              int64_t c_during) {
  if (e_before == 0 || e_during == 0 || c_before == 0 || c_during == 0) {
    return std::nullopt;
  }
  const double exposed_ratio =
      static_cast<double>(e_during) / static_cast<double>(e_before);
  const double control_ratio =
      static_cast<double>(c_during) / static_cast<double>(c_before);
  return exposed_ratio / control_ratio - 1.0;
}

AreaTotals Sum(const std::vector<StoreUnits>& area) {
  AreaTotals totals;
  for (const StoreUnits& store : area) {
    totals.before += store.before;
    totals.during += store.during;
  }
  totals.stores = static_cast<int>(area.size());
  return totals;
}

// One resample of an area: as many draws with replacement as it has stores.
StoreUnits Resample(const std::vector<StoreUnits>& area,
                    BootstrapRandom& random) {
  StoreUnits sum{0, 0};
  for (size_t i = 0; i < area.size(); ++i) {
    const StoreUnits& drawn = area[random.Below(area.size())];
    sum.before += drawn.before;
    sum.during += drawn.during;
  }
  return sum;
}

}  // namespace

std::string_view RefusalName(Refusal refusal) {
  switch (refusal) {
    case Refusal::kNone:
      return "UPLIFT_REFUSAL_UNSPECIFIED";
    case Refusal::kTooFewStores:
      return "UPLIFT_REFUSAL_TOO_FEW_STORES";
    case Refusal::kEmptyPeriod:
      return "UPLIFT_REFUSAL_EMPTY_PERIOD";
    case Refusal::kUnstableInterval:
      return "UPLIFT_REFUSAL_UNSTABLE_INTERVAL";
  }
  return "UPLIFT_REFUSAL_UNSPECIFIED";
}

uint64_t BootstrapRandom::Below(uint64_t bound) {
  unsigned __int128 product = static_cast<unsigned __int128>(Next()) *
                              static_cast<unsigned __int128>(bound);
  uint64_t low = static_cast<uint64_t>(product);
  if (low < bound) {
    // Rejects the 2^64 mod bound products that would favour small values.
    const uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      product = static_cast<unsigned __int128>(Next()) *
                static_cast<unsigned __int128>(bound);
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

double Type7Percentile(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const double floor_h = std::floor(h);
  const size_t lo = static_cast<size_t>(floor_h);
  if (lo + 1 >= sorted.size()) return sorted.back();
  const double fraction = h - floor_h;
  // An explicit fma: left as a*b+c, compilers may or may not contract it
  // depending on the target, and the bits of the interval would differ.
  return std::fma(fraction, sorted[lo + 1] - sorted[lo], sorted[lo]);
}

Uplift ComputeUplift(std::vector<StoreFigures> stores,
                     const UpliftOptions& options) {
  // A total order over every field, so that even duplicate ids cannot make
  // the resamples depend on the input order.
  std::sort(stores.begin(), stores.end(),
            [](const StoreFigures& a, const StoreFigures& b) {
              return std::tie(a.store_id, a.exposed, a.before, a.during) <
                     std::tie(b.store_id, b.exposed, b.before, b.during);
            });

  Uplift result;
  std::vector<StoreUnits> exposed, control;
  for (StoreFigures& store : stores) {
    if (store.before.has_value() && store.during.has_value()) {
      (store.exposed ? exposed : control)
          .push_back({*store.before, *store.during});
    } else if (store.before.has_value() || store.during.has_value()) {
      result.incomplete_stores.push_back(std::move(store.store_id));
    }
  }
  result.exposed = Sum(exposed);
  result.control = Sum(control);

  if (result.exposed.stores < options.min_stores_per_area ||
      result.control.stores < options.min_stores_per_area) {
    result.refusal = Refusal::kTooFewStores;
    result.refusal_detail = absl::StrFormat(
        "%s: exposed %d usable store(s), control %d; %d required per area",
        RefusalName(result.refusal), result.exposed.stores,
        result.control.stores, options.min_stores_per_area);
    return result;
  }

  const std::optional<double> point =
      DifferenceInDifferences(result.exposed.before, result.exposed.during,
                              result.control.before, result.control.during);
  if (!point.has_value()) {
    result.refusal = Refusal::kEmptyPeriod;
    result.refusal_detail = absl::StrFormat(
        "%s: E_before %d, E_during %d, C_before %d, C_during %d units",
        RefusalName(result.refusal), result.exposed.before,
        result.exposed.during, result.control.before, result.control.during);
    return result;
  }
  result.uplift = *point;
  result.exposed_ratio = static_cast<double>(result.exposed.during) /
                         static_cast<double>(result.exposed.before);
  result.control_ratio = static_cast<double>(result.control.during) /
                         static_cast<double>(result.control.before);

  // Draw order is part of the contract: per iteration, the exposed stores'
  // draws, then the control stores', from one stream.
  BootstrapRandom random(options.seed);
  std::vector<double> kept;
  kept.reserve(std::max(options.iterations, 0));
  for (int i = 0; i < options.iterations; ++i) {
    const StoreUnits e = Resample(exposed, random);
    const StoreUnits c = Resample(control, random);
    const std::optional<double> uplift =
        DifferenceInDifferences(e.before, e.during, c.before, c.during);
    if (uplift.has_value()) kept.push_back(*uplift);
  }
  result.iterations = options.iterations;
  result.discarded_resamples =
      options.iterations - static_cast<int>(kept.size());

  // Integer form of "more than 5%", free of rounding; an empty bootstrap
  // (iterations <= 0) has no interval either.
  if (int64_t{result.discarded_resamples} * 20 > options.iterations ||
      kept.empty()) {
    result.refusal = Refusal::kUnstableInterval;
    result.refusal_detail = absl::StrFormat(
        "%s: %d of %d resamples had a zero denominator; at most %d (5%%) "
        "allowed",
        RefusalName(result.refusal), result.discarded_resamples,
        options.iterations, std::max(options.iterations, 0) / 20);
    return result;
  }

  std::sort(kept.begin(), kept.end());
  const double tail = (1.0 - options.confidence) / 2.0;
  result.ci_low = Type7Percentile(kept, tail);
  result.ci_high = Type7Percentile(kept, 1.0 - tail);
  return result;
}

}  // namespace nanoinfluence::kpi
