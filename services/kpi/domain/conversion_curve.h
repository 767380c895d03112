// The estimated conversion uplift of a product page from its number of
// reviews: a configurable curve (kpi.v1.ConversionCurve). The default curve
// gives +30% at 50 reviews and more, the published figure docs/kpi.md cites.
// Always an estimate, never a measurement.
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nanoinfluence/kpi/v1/report.pb.h"

namespace nanoinfluence::kpi {

// Reviews a product page aims for.
inline constexpr int64_t kTargetReviews = 50;

// "default": (0 reviews -> 0.0), (50 reviews -> 0.30).
v1::ConversionCurve DefaultCurve();

// INVALID_ARGUMENT naming `field` ("conversion_curve.points[2].reviews")
// unless the curve keeps the contract: a name of 1..64 characters, 2..50
// points, strictly increasing reviews >= 0, uplifts within -1.0..10.0.
absl::Status CheckCurve(const v1::ConversionCurve& curve,
                        absl::string_view field);

// The curve's uplift at `reviews`: points joined by straight lines, flat
// before the first point and after the last. `curve` passed CheckCurve.
double EstimateUplift(const v1::ConversionCurve& curve, int64_t reviews);

}  // namespace nanoinfluence::kpi

namespace nanoinfluence::kpi {

// A curve written "<name>=<reviews>:<uplift>,<reviews>:<uplift>,..." (the
// kpi_server flag), e.g. "default=0:0,50:0.30"; checked by CheckCurve.
absl::StatusOr<v1::ConversionCurve> ParseCurve(absl::string_view text);

}  // namespace nanoinfluence::kpi
