#include "services/kpi/domain/conversion_curve.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::kpi {

v1::ConversionCurve DefaultCurve() {
  v1::ConversionCurve curve;
  curve.set_name("default");
  v1::CurvePoint* none = curve.add_points();
  none->set_reviews(0);
  none->set_uplift(0.0);
  v1::CurvePoint* target = curve.add_points();
  target->set_reviews(kTargetReviews);
  target->set_uplift(0.30);
  return curve;
}

absl::Status CheckCurve(const v1::ConversionCurve& curve,
                        absl::string_view field) {
  auto invalid = [&](absl::string_view where, absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(field, where, ": ", why));
  };
  if (curve.name().empty() || curve.name().size() > 64) {
    return invalid(".name", "must be 1..64 characters");
  }
  if (curve.points_size() < 2 || curve.points_size() > 50) {
    return invalid(".points", "must hold 2..50 points");
  }
  for (int i = 0; i < curve.points_size(); ++i) {
    const v1::CurvePoint& point = curve.points(i);
    const std::string at = absl::StrCat(".points[", i, "]");
    if (point.reviews() < 0) return invalid(at + ".reviews", "must be >= 0");
    if (i > 0 && point.reviews() <= curve.points(i - 1).reviews()) {
      return invalid(at + ".reviews", "must be above the previous point's");
    }
    if (!std::isfinite(point.uplift()) || point.uplift() < -1.0 ||
        point.uplift() > 10.0) {
      return invalid(at + ".uplift", "must be within -1.0..10.0");
    }
  }
  return absl::OkStatus();
}

double EstimateUplift(const v1::ConversionCurve& curve, int64_t reviews) {
  const auto& points = curve.points();
  if (points.empty()) return 0.0;
  if (reviews <= points[0].reviews()) return points[0].uplift();
  for (int i = 1; i < points.size(); ++i) {
    if (reviews <= points[i].reviews()) {
      const v1::CurvePoint& a = points[i - 1];
      const v1::CurvePoint& b = points[i];
      const double t = static_cast<double>(reviews - a.reviews()) /
                       static_cast<double>(b.reviews() - a.reviews());
      return a.uplift() + t * (b.uplift() - a.uplift());
    }
  }
  return points[points.size() - 1].uplift();
}

}  // namespace nanoinfluence::kpi

namespace nanoinfluence::kpi {

absl::StatusOr<v1::ConversionCurve> ParseCurve(absl::string_view text) {
  const size_t equals = text.find('=');
  if (equals == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "conversion_curve: expected <name>=<reviews>:<uplift>,...");
  }
  v1::ConversionCurve curve;
  curve.set_name(std::string(text.substr(0, equals)));
  for (absl::string_view point :
       absl::StrSplit(text.substr(equals + 1), ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(point, ':');
    v1::CurvePoint* out = curve.add_points();
    int64_t reviews = 0;
    double uplift = 0;
    if (!absl::SimpleAtoi(parts.first, &reviews) ||
        !absl::SimpleAtod(parts.second, &uplift)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "conversion_curve: \"", point, "\" is not <reviews>:<uplift>"));
    }
    out->set_reviews(reviews);
    out->set_uplift(uplift);
  }
  NANO_RETURN_IF_ERROR(CheckCurve(curve, "conversion_curve"));
  return curve;
}

}  // namespace nanoinfluence::kpi
