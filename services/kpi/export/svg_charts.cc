#include "services/kpi/export/svg_charts.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/kpi/export/html_text.h"

namespace nanoinfluence::kpi::svg {
namespace {

// A coordinate or length for an SVG attribute. Whatever the data, the
// attribute stays a plain finite number: a NaN or an infinity would make
// the browser drop the element (or the whole chart).
std::string Px(double value) {
  if (!std::isfinite(value)) value = 0;
  value = std::clamp(value, -1e6, 1e6);
  return absl::StrFormat("%.1f", value);
}

// Drawable bar value: finite and not negative.
double Drawable(double value) {
  return std::isfinite(value) && value > 0 ? value : 0;
}

// `value` / `max` of `pixels`; 0 when there is nothing to scale against.
double Scale(double value, double max, double pixels) {
  if (!(max > 0) || !std::isfinite(max)) return 0;
  return std::clamp(Drawable(value) / max, 0.0, 1.0) * pixels;
}

// Exact figure for a tooltip: counts with separators, others as %g.
std::string ExactText(double value) {
  if (std::isfinite(value) && value == std::floor(value) &&
      std::abs(value) < 9.2e18) {
    return FormatCount(static_cast<int64_t>(value));
  }
  return absl::StrFormat("%g", value);
}

// A 1, 2 or 5 times a power of ten, at least `raw`; `raw` > 0 and finite.
double NiceStep(double raw) {
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  const double residual = raw / magnitude;
  if (residual <= 1) return magnitude;
  if (residual <= 2) return 2 * magnitude;
  if (residual <= 5) return 5 * magnitude;
  return 10 * magnitude;
}

std::string Open(const ChartHeading& heading, int width, int height) {
  const std::string id = EscapeHtml(heading.id);
  return absl::StrCat(
      "<svg id=\"", id, "\" class=\"chart\" role=\"img\" aria-labelledby=\"",
      id, "-title\" viewBox=\"0 0 ", width, " ", height, "\" width=\"", width,
      "\" height=\"", height, "\"><title id=\"", id, "-title\">",
      EscapeHtml(heading.title), "</title>");
}

std::string Text(double x, double y, absl::string_view css_class,
                 absl::string_view text, absl::string_view anchor = "start") {
  return absl::StrCat("<text x=\"", Px(x), "\" y=\"", Px(y), "\" class=\"",
                      css_class, "\" text-anchor=\"", anchor, "\">",
                      EscapeHtml(text), "</text>");
}

std::string Rect(double x, double y, double width, double height,
                 absl::string_view fill, absl::string_view tooltip,
                 absl::string_view extra = "") {
  std::string out = absl::StrCat("<rect x=\"", Px(x), "\" y=\"", Px(y),
                                 "\" width=\"", Px(std::max(width, 0.0)),
                                 "\" height=\"", Px(std::max(height, 0.0)),
                                 "\" fill=\"", EscapeHtml(fill), "\"", extra);
  if (tooltip.empty()) return out + "/>";
  return absl::StrCat(out, "><title>", EscapeHtml(tooltip), "</title></rect>");
}

std::string Line(double x1, double y1, double x2, double y2,
                 absl::string_view css_class) {
  return absl::StrCat("<line x1=\"", Px(x1), "\" y1=\"", Px(y1), "\" x2=\"",
                      Px(x2), "\" y2=\"", Px(y2), "\" class=\"", css_class,
                      "\"/>");
}

std::string Legend(const std::vector<Series>& series, double x, double y) {
  std::string out;
  for (const Series& one : series) {
    out += Rect(x, y - 10, 12, 12, one.color, "", " rx=\"2\"");
    out += Text(x + 18, y, "legend", one.name);
    // Names are short (tiers, statuses): 8 px per character of 12 px text.
    x += 36 + 8 * static_cast<double>(one.name.size());
  }
  return out;
}

std::string EmptyPlot(double x, double y, double width, double height,
                      absl::string_view text) {
  return absl::StrCat(
      "<rect x=\"", Px(x), "\" y=\"", Px(y), "\" width=\"", Px(width),
      "\" height=\"", Px(height), "\" rx=\"6\" class=\"empty\"/>",
      Text(x + width / 2, y + height / 2 + 5, "empty-text", text, "middle"));
}

}  // namespace

absl::string_view ChartCss() {
  return R"css(
svg.chart { display: block; width: 100%; height: auto; overflow: visible; }
svg.chart text { font-size: 12px; fill: #475467; }
svg.chart .label { font-size: 13px; fill: #1d2939; }
svg.chart .value { font-size: 12px; font-weight: 600; fill: #1d2939; }
svg.chart .legend { font-size: 12px; fill: #344054; }
svg.chart .tick { font-size: 11px; fill: #667085; }
svg.chart .track { fill: #f2f4f7; }
svg.chart .grid { stroke: #eaecf0; stroke-width: 1; }
svg.chart .axis { stroke: #98a2b3; stroke-width: 1; }
svg.chart .zero { stroke: #344054; stroke-width: 1.5; stroke-dasharray: 5 4; }
svg.chart .whisker { stroke-width: 2.5; stroke-linecap: round; }
svg.chart .empty { fill: #f9fafb; stroke: #d0d5dd; stroke-dasharray: 5 5; }
svg.chart .empty-text { font-size: 15px; fill: #667085; }
svg.chart .note { font-size: 12.5px; font-style: italic; fill: #b42318; }
svg.chart .estimate { font-size: 14px; font-weight: 700; fill: #1d2939; }
)css";
}

std::string HorizontalBars(const ChartHeading& heading,
                           const std::vector<Bar>& bars) {
  constexpr double kWidth = 1000, kLabel = 180, kValueRoom = 200;
  constexpr double kRow = 34, kBar = 22, kPad = 8;
  constexpr double kTrack = kWidth - kLabel - kValueRoom;
  const int height =
      static_cast<int>(2 * kPad + kRow * std::max<size_t>(bars.size(), 1));
  std::string out = Open(heading, static_cast<int>(kWidth), height);
  if (bars.empty()) {
    out += EmptyPlot(0, kPad, kWidth, kRow, "No data");
    return out + "</svg>";
  }
  double max = 0;
  for (const Bar& bar : bars) max = std::max(max, Drawable(bar.value));
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double top = kPad + kRow * static_cast<double>(i);
    const double bar_top = top + (kRow - kBar) / 2;
    const double middle = top + kRow / 2 + 4.5;
    const double length = Scale(bar.value, max, kTrack);
    out += Text(kLabel - 12, middle, "label", Shorten(bar.label, 24), "end");
    out += Rect(kLabel, bar_top, kTrack, kBar, "#f2f4f7", "",
                " rx=\"4\" class=\"track\"");
    out += Rect(kLabel, bar_top, length, kBar, bar.color,
                absl::StrCat(bar.label, ": ", bar.value_text), " rx=\"4\"");
    out += Text(kLabel + length + 8, middle, "value", bar.value_text);
  }
  return out + "</svg>";
}

std::string StackedColumns(const ChartHeading& heading,
                           const std::vector<Series>& series,
                           const std::vector<Column>& columns,
                           absl::string_view empty_text) {
  constexpr double kWidth = 1000, kHeight = 320;
  constexpr double kLeft = 56, kRight = 12, kTop = 44, kBottom = 40;
  constexpr double kPlotWidth = kWidth - kLeft - kRight;
  constexpr double kPlotHeight = kHeight - kTop - kBottom;
  constexpr double kBase = kTop + kPlotHeight;
  std::string out =
      Open(heading, static_cast<int>(kWidth), static_cast<int>(kHeight));
  out += Legend(series, kLeft, 20);

  double max = 0;
  for (const Column& column : columns) {
    double total = 0;
    for (double value : column.values) total += Drawable(value);
    max = std::max(max, total);
  }
  if (!(max > 0) || !std::isfinite(max)) {
    out += EmptyPlot(kLeft, kTop, kPlotWidth, kPlotHeight, empty_text);
    return out + "</svg>";
  }

  // Counts: ticks are whole numbers, at most about five of them.
  const double step = std::max(1.0, NiceStep(max / 5));
  const double top = std::ceil(max / step) * step;
  for (int i = 0; i <= 20 && i * step <= top; ++i) {
    const double y = kBase - Scale(i * step, top, kPlotHeight);
    out += Line(kLeft, y, kWidth - kRight, y, i == 0 ? "axis" : "grid");
    out += Text(kLeft - 8, y + 4, "tick", FormatCompact(i * step), "end");
  }

  const double slot = kPlotWidth / static_cast<double>(columns.size());
  const double width = std::max(slot * 0.72, 0.5);
  // About a dozen labels fit under the axis, whatever the number of days.
  const size_t label_every = (columns.size() + 11) / 12;
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& column = columns[i];
    const double x = kLeft + slot * static_cast<double>(i) + (slot - width) / 2;
    double base = kBase;
    for (size_t s = 0; s < column.values.size() && s < series.size(); ++s) {
      const double height = Scale(column.values[s], top, kPlotHeight);
      if (height <= 0) continue;
      base -= height;
      out +=
          Rect(x, base, width, height, series[s].color,
               absl::StrCat(column.tooltip, ": ", ExactText(column.values[s]),
                            " ", series[s].name));
    }
    if (i % label_every == 0) {
      out += Text(x + width / 2, kBase + 18, "tick", column.label, "middle");
    }
  }
  return out + "</svg>";
}

std::string GroupedBars(const ChartHeading& heading,
                        const std::vector<Series>& series,
                        const std::vector<Group>& groups) {
  constexpr double kWidth = 1000, kHeight = 300;
  constexpr double kSide = 8, kTop = 44, kBottom = 44, kValueRoom = 20;
  constexpr double kBase = kHeight - kBottom;
  constexpr double kBarRoom = kBase - kTop - kValueRoom;
  std::string out =
      Open(heading, static_cast<int>(kWidth), static_cast<int>(kHeight));
  out += Legend(series, kSide + 8, 20);
  if (groups.empty() || series.empty()) {
    out += EmptyPlot(kSide, kTop, kWidth - 2 * kSide, kBase - kTop, "No data");
    return out + "</svg>";
  }
  const double panel =
      (kWidth - 2 * kSide) / static_cast<double>(groups.size());
  const double bar =
      std::min(48.0, panel * 0.78 / static_cast<double>(series.size()));
  const double gap = std::min(6.0, bar / 4);
  const double cluster = static_cast<double>(series.size()) * (bar + gap) - gap;
  for (size_t g = 0; g < groups.size(); ++g) {
    const Group& group = groups[g];
    const double left = kSide + panel * static_cast<double>(g);
    double max = 0;
    for (double value : group.values) max = std::max(max, Drawable(value));
    double x = left + (panel - cluster) / 2;
    for (size_t s = 0; s < series.size(); ++s, x += bar + gap) {
      const double value = s < group.values.size() ? group.values[s] : 0;
      const double height = Scale(value, max, kBarRoom);
      out += Rect(x, kBase - height, bar, height, series[s].color,
                  absl::StrCat(group.label, ", ", series[s].name, ": ",
                               ExactText(value)),
                  " rx=\"3\"");
      out += Text(x + bar / 2, kBase - height - 6, "value",
                  FormatCompact(Drawable(value)), "middle");
    }
    out += Line(left + 10, kBase, left + panel - 10, kBase, "axis");
    out += Text(left + panel / 2, kBase + 22, "label", group.label, "middle");
  }
  return out + "</svg>";
}

std::string IntervalChart(const ChartHeading& heading,
                          const std::vector<IntervalRow>& rows,
                          absl::string_view empty_text) {
  constexpr double kWidth = 1000, kLabel = 230, kText = 260;
  constexpr double kPlotLeft = kLabel + 10, kPlotRight = kWidth - kText - 10;
  constexpr double kPlotWidth = kPlotRight - kPlotLeft;
  constexpr double kTop = 16, kRow = 52, kBottom = 40;
  const double rows_height =
      kRow * static_cast<double>(std::max<size_t>(rows.size(), 1));
  const double base = kTop + rows_height;
  const int height = static_cast<int>(base + kBottom);
  std::string out = Open(heading, static_cast<int>(kWidth), height);
  if (rows.empty()) {
    out += EmptyPlot(0, kTop, kWidth, rows_height, empty_text);
    return out + "</svg>";
  }

  // The axis spans every finite figure and 0, with a margin; an infinite
  // bound is drawn at the edge of the axis.
  double low = 0, high = 0;
  for (const IntervalRow& row : rows) {
    if (!row.has_estimate) continue;
    for (double value : {row.point, row.low, row.high}) {
      if (!std::isfinite(value)) continue;
      low = std::min(low, value);
      high = std::max(high, value);
    }
  }
  if (high - low <= 0 || !std::isfinite(high - low)) {
    low = -0.1;
    high = 0.1;
  } else {
    const double margin = (high - low) * 0.08;
    low -= margin;
    high += margin;
  }
  const double span = high - low;
  auto x_of = [&](double value) {
    if (std::isnan(value)) value = 0;
    return kPlotLeft + (std::clamp(value, low, high) - low) / span * kPlotWidth;
  };

  const double step = NiceStep(span / 6);
  for (int i = 0; i <= 40; ++i) {
    const double tick = std::ceil(low / step) * step + i * step;
    if (tick > high) break;
    const double x = x_of(tick);
    out += Line(x, kTop, x, base, "grid");
    out += Text(x, base + 18, "tick", FormatPercent(tick, true), "middle");
  }
  const double zero = x_of(0);
  out += Line(zero, kTop - 6, zero, base + 4, "zero");
  out += Text(zero, base + 34, "tick", "no change", "middle");

  for (size_t i = 0; i < rows.size(); ++i) {
    const IntervalRow& row = rows[i];
    const double middle = kTop + kRow * static_cast<double>(i) + kRow / 2;
    out += absl::StrCat("<g><title>", EscapeHtml(row.label), "</title>",
                        Text(8, middle + 4.5, "label", Shorten(row.label, 30)),
                        "</g>");
    if (!row.has_estimate) {
      // A plain band under the note hides the grid and the zero line,
      // which would otherwise cross its text.
      out += absl::StrCat(
          "<g><title>", EscapeHtml(row.note), "</title>",
          Rect(kPlotLeft - 6, middle - 13, kWidth - kPlotLeft + 6, 26,
               "#ffffff", ""),
          Text(kPlotLeft, middle + 4.5, "note", Shorten(row.note, 110)),
          "</g>");
      continue;
    }
    const char* color = row.low > 0    ? "#039855"
                        : row.high < 0 ? "#d92d20"
                                       : "#667085";
    const double x_low = x_of(row.low), x_high = x_of(row.high);
    const std::string interval =
        absl::StrCat("95% CI ", FormatPercent(row.low, true), " to ",
                     FormatPercent(row.high, true));
    out += absl::StrCat("<g><title>", EscapeHtml(row.label), ": ",
                        FormatPercent(row.point, true), ", ", interval,
                        "</title>");
    out += absl::StrCat("<line x1=\"", Px(x_low), "\" y1=\"", Px(middle),
                        "\" x2=\"", Px(x_high), "\" y2=\"", Px(middle),
                        "\" class=\"whisker\" stroke=\"", color, "\"/>");
    for (double x : {x_low, x_high}) {
      out += absl::StrCat("<line x1=\"", Px(x), "\" y1=\"", Px(middle - 8),
                          "\" x2=\"", Px(x), "\" y2=\"", Px(middle + 8),
                          "\" class=\"whisker\" stroke=\"", color, "\"/>");
    }
    out += absl::StrCat("<circle cx=\"", Px(x_of(row.point)), "\" cy=\"",
                        Px(middle), "\" r=\"6.5\" fill=\"", color,
                        "\" stroke=\"#ffffff\" stroke-width=\"2\"/></g>");
    out += Text(kPlotRight + 20, middle - 2, "estimate",
                FormatPercent(row.point, true));
    out += Text(kPlotRight + 20, middle + 14, "tick", interval);
  }
  return out + "</svg>";
}

}  // namespace nanoinfluence::kpi::svg
