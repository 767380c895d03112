// Inline SVG charts drawn from plain numbers, for the HTML export: no
// script, no external resource, every text escaped here. Each chart is an
// <svg> element with the given id, a <title> (its accessible name) and a
// <title> tooltip on each mark, so exact values show on hover without
// JavaScript.
//
// Robust to any input: all-zero or empty data draw an empty chart or the
// `empty_text`, never a division by zero; NaN and infinities are kept out
// of SVG attributes; values up to int64 range keep their bars inside the
// chart. Negative values of bar charts are drawn as 0.
//
//   std::string svg = svg::HorizontalBars(
//       {.id = "chart-funnel", .title = "Test funnel"},
//       {{.label = "Eligible", .value = 120, .value_text = "120"}});
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace nanoinfluence::kpi::svg {

struct ChartHeading {
  std::string id = {};     // stable, unique on the page
  std::string title = {};  // plain text
};

// The style sheet of the class names the charts use; the page embeds it.
absl::string_view ChartCss();

struct Bar {
  std::string label = {};
  double value = 0;
  std::string value_text = {};  // shown at the end of the bar
  std::string color = {};       // CSS colour
};

// One horizontal bar per row, label on the left, scaled to the largest.
std::string HorizontalBars(const ChartHeading& heading,
                           const std::vector<Bar>& bars);

struct Series {
  std::string name = {};
  std::string color = {};  // CSS colour
};

struct Column {
  std::string label = {};           // under the axis (some are skipped if many)
  std::string tooltip = {};         // e.g. the full date
  std::vector<double> values = {};  // one per series, stacked in series order
};

// Stacked columns on a count axis, with a legend. `empty_text` replaces the
// plot when there is no column or every value is 0.
std::string StackedColumns(const ChartHeading& heading,
                           const std::vector<Series>& series,
                           const std::vector<Column>& columns,
                           absl::string_view empty_text);

struct Group {
  std::string label = {};
  std::vector<double> values = {};  // one per series
};

// One cluster of bars per group, one bar per series, with a legend. Each
// group has its own scale (its largest bar is full height), so groups of
// very different magnitudes stay readable; the value is printed on each
// bar.
std::string GroupedBars(const ChartHeading& heading,
                        const std::vector<Series>& series,
                        const std::vector<Group>& groups);

struct IntervalRow {
  std::string label = {};
  // With an estimate: a point and its interval, fractions (0.1 = +10%).
  bool has_estimate = false;
  double point = 0;
  double low = 0;
  double high = 0;
  // Without one: shown instead of the point, e.g. why there is none.
  std::string note = {};
};

// Points with error bars on a shared percentage axis with a zero line,
// one row each. A point whose interval lies wholly above 0 is green, wholly
// below red, else grey. `empty_text` is drawn when there is no row.
std::string IntervalChart(const ChartHeading& heading,
                          const std::vector<IntervalRow>& rows,
                          absl::string_view empty_text);

}  // namespace nanoinfluence::kpi::svg
