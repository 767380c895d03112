#include "services/kpi/export/report_charts.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/kpi/export/html_text.h"
#include "services/kpi/export/report_summary.h"
#include "services/kpi/export/svg_charts.h"

namespace nanoinfluence::kpi {
namespace {

constexpr char kFunnelColor[] = "#2e6fd8";
constexpr char kStarColor[] = "#f5a524";
constexpr char kApprovedColor[] = "#12b76a";
constexpr char kPendingColor[] = "#fdb022";
constexpr char kRejectedColor[] = "#f04438";

// Beyond this span the days are not padded to one column per day: a bad
// date must not turn into millions of columns.
constexpr int64_t kMaxPaddedDays = 731;

// Light to dark with size, so the order of the tiers reads from the colour.
std::string TierColor(common::v1::Tier tier) {
  switch (tier) {
    case common::v1::TIER_NANO:
      return "#84caff";
    case common::v1::TIER_MICRO:
      return "#2e90fa";
    case common::v1::TIER_MACRO:
      return "#194185";
    default:
      return "#98a2b3";
  }
}

absl::CivilDay CivilDayOf(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

std::string ShortDay(absl::CivilDay day) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  return absl::StrCat(day.day(), " ", kMonths[day.month() - 1]);
}

std::string LongDay(absl::CivilDay day) {
  return absl::StrCat(ShortDay(day), " ", day.year());
}

svg::Column DayColumn(absl::CivilDay day, const ContentDay* content) {
  svg::Column column{.label = ShortDay(day), .tooltip = LongDay(day)};
  if (content == nullptr) {
    column.values = {0, 0, 0};
  } else {
    column.values = {static_cast<double>(content->approved),
                     static_cast<double>(content->pending),
                     static_cast<double>(content->rejected)};
  }
  return column;
}

bool PadsToOneColumnPerDay(const std::vector<ContentDay>& days) {
  for (size_t i = 1; i < days.size(); ++i) {
    if (CivilDayOf(days[i].day) <= CivilDayOf(days[i - 1].day)) return false;
  }
  return days.empty() ||
         CivilDayOf(days.back().day) - CivilDayOf(days.front().day) <
             kMaxPaddedDays;
}

std::string CountWithShare(int64_t count, int64_t whole) {
  if (whole <= 0) return FormatCount(count);
  return absl::StrCat(
      FormatCount(count), "  (",
      FormatPercent(static_cast<double>(count) / static_cast<double>(whole)),
      ")");
}

}  // namespace

std::string FunnelChart(const v1::Funnel& funnel) {
  const std::pair<const char*, int64_t> stages[] = {
      {"Eligible", funnel.eligible()}, {"Applied", funnel.applied()},
      {"Selected", funnel.selected()}, {"Allocated", funnel.allocated()},
      {"Shipped", funnel.shipped()},   {"Delivered", funnel.delivered()},
      {"Posted", funnel.posted()}};
  std::vector<svg::Bar> bars;
  for (const auto& [name, count] : stages) {
    const bool first = bars.empty();
    bars.push_back(
        {.label = name,
         .value = static_cast<double>(count),
         .value_text = first ? FormatCount(count)
                             : CountWithShare(count, funnel.eligible()),
         .color = kFunnelColor});
  }
  return svg::HorizontalBars(
      {.id = "chart-funnel",
       .title = "Test funnel: ambassadors at each stage (share of eligible)"},
      bars);
}

std::string ContentPerDayChart(const std::vector<ContentDay>& days) {
  std::vector<svg::Column> columns;
  if (PadsToOneColumnPerDay(days) && !days.empty()) {
    size_t next = 0;
    for (absl::CivilDay day = CivilDayOf(days.front().day);
         day <= CivilDayOf(days.back().day); ++day) {
      const bool has_content =
          next < days.size() && CivilDayOf(days[next].day) == day;
      columns.push_back(DayColumn(day, has_content ? &days[next] : nullptr));
      if (has_content) ++next;
    }
  } else {
    for (const ContentDay& day : days) {
      columns.push_back(DayColumn(CivilDayOf(day.day), &day));
    }
  }
  return svg::StackedColumns(
      {.id = "chart-content-per-day",
       .title = "Content submitted per day, by current status"},
      {{.name = "Approved", .color = kApprovedColor},
       {.name = "Pending", .color = kPendingColor},
       {.name = "Rejected", .color = kRejectedColor}},
      columns, "No content yet");
}

std::string RatingDistributionChart(const v1::ReportFigures& figures) {
  const v1::RatingDistribution stars = TotalDistribution(figures);
  const std::pair<const char*, int64_t> rows[] = {
      {"5 stars", stars.five_stars()},
      {"4 stars", stars.four_stars()},
      {"3 stars", stars.three_stars()},
      {"2 stars", stars.two_stars()},
      {"1 star", stars.one_star()}};
  int64_t total = 0;
  for (const auto& [name, count] : rows) total += count;
  std::vector<svg::Bar> bars;
  for (const auto& [name, count] : rows) {
    bars.push_back({.label = name,
                    .value = static_cast<double>(count),
                    .value_text = CountWithShare(count, total),
                    .color = kStarColor});
  }
  return svg::HorizontalBars(
      {.id = "chart-rating-distribution",
       .title = "Ratings by number of stars, all SKUs together"},
      bars);
}

std::string TierBreakdownChart(
    const google::protobuf::RepeatedPtrField<v1::TierFigures>& tiers) {
  std::vector<svg::Series> series;
  for (const v1::TierFigures& tier : tiers) {
    series.push_back(
        {.name = TierLabel(tier.tier()), .color = TierColor(tier.tier())});
  }
  using Figure = double (*)(const v1::ReportFigures&);
  const std::pair<const char*, Figure> figures[] = {
      {"Testers",
       [](const v1::ReportFigures& f) {
         return double(f.funnel().allocated());
       }},
      {"Posted",
       [](const v1::ReportFigures& f) { return double(f.funnel().posted()); }},
      {"Approved content",
       [](const v1::ReportFigures& f) {
         return double(f.ugc().approved_total());
       }},
      {"Reviews",
       [](const v1::ReportFigures& f) { return double(ReviewCount(f)); }},
      {"Online reach",
       [](const v1::ReportFigures& f) { return double(f.online().reach()); }},
      {"People told", [](const v1::ReportFigures& f) {
         return double(f.offline().people_told());
       }}};
  std::vector<svg::Group> groups;
  for (const auto& [name, figure] : figures) {
    svg::Group group{.label = name};
    for (const v1::TierFigures& tier : tiers) {
      group.values.push_back(figure(tier.figures()));
    }
    groups.push_back(std::move(group));
  }
  return svg::GroupedBars(
      {.id = "chart-tier-breakdown", .title = "Key figures by ambassador tier"},
      series, groups);
}

std::string UpliftChart(
    const google::protobuf::RepeatedPtrField<v1::UpliftOutcome>& studies) {
  std::vector<svg::IntervalRow> rows;
  for (const v1::UpliftOutcome& outcome : studies) {
    svg::IntervalRow row{.label = outcome.study().name().empty()
                                      ? outcome.study().study_id()
                                      : outcome.study().name()};
    if (outcome.has_result()) {
      row.has_estimate = true;
      row.point = outcome.result().uplift();
      row.low = outcome.result().ci_low();
      row.high = outcome.result().ci_high();
    } else {
      row.note = absl::StrCat("No result. ", NoResultText(outcome));
    }
    rows.push_back(std::move(row));
  }
  return svg::IntervalChart(
      {.id = "chart-uplift",
       .title = "Sales uplift per study, with its 95% confidence interval"},
      rows, "No sales-uplift study yet");
}

}  // namespace nanoinfluence::kpi
