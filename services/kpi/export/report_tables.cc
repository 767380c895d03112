#include "services/kpi/export/report_tables.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "nanoinfluence/common/v1/taxonomy.pb.h"
#include "services/kpi/export/html_text.h"
#include "services/kpi/export/report_summary.h"

namespace nanoinfluence::kpi {
namespace {

using common::v1::ContentKind_Name;
using common::v1::ModerationReason_Name;

// A table whose columns from `numeric_from` on hold figures (right
// aligned, tabular digits). Cells are HTML: callers escape report text.
class HtmlTable {
 public:
  HtmlTable(std::vector<std::string> headers, size_t numeric_from)
      : headers_(std::move(headers)), numeric_from_(numeric_from) {}

  void Row(std::vector<std::string> cells, absl::string_view row_class = "") {
    std::string html = row_class.empty()
                           ? std::string("<tr>")
                           : absl::StrCat("<tr class=\"", row_class, "\">");
    for (size_t i = 0; i < cells.size(); ++i) {
      absl::StrAppend(&html, i >= numeric_from_ ? "<td class=\"num\">" : "<td>",
                      cells[i], "</td>");
    }
    rows_.push_back(html + "</tr>");
  }

  // One cell across every column.
  void WideRow(absl::string_view cell_html, absl::string_view row_class) {
    rows_.push_back(absl::StrCat("<tr class=\"", row_class, "\"><td colspan=\"",
                                 headers_.size(), "\">", cell_html,
                                 "</td></tr>"));
  }

  // `empty_text` fills the body when no row was added.
  std::string Html(absl::string_view empty_text = "None") const {
    std::string html = "<table><thead><tr>";
    for (size_t i = 0; i < headers_.size(); ++i) {
      absl::StrAppend(&html, i >= numeric_from_ ? "<th class=\"num\">" : "<th>",
                      headers_[i], "</th>");
    }
    html += "</tr></thead><tbody>";
    if (rows_.empty()) {
      absl::StrAppend(&html, "<tr><td class=\"none\" colspan=\"",
                      headers_.size(), "\">", EscapeHtml(empty_text),
                      "</td></tr>");
    }
    for (const std::string& row : rows_) html += row;
    return html + "</tbody></table>";
  }

 private:
  std::vector<std::string> headers_;
  size_t numeric_from_;
  std::vector<std::string> rows_;
};

std::string Count(int64_t count) { return FormatCount(count); }

std::string Share(int64_t part, int64_t whole) {
  if (whole <= 0) return "<span class=\"muted\">–</span>";
  return FormatPercent(static_cast<double>(part) / static_cast<double>(whole));
}

std::string PlatformWords(common::v1::Platform platform) {
  return EscapeHtml(PlatformLabel(platform));
}

std::string KindWords(common::v1::ContentKind kind) {
  return EscapeHtml(EnumWords(ContentKind_Name(kind), "CONTENT_KIND_", kind));
}

std::string ReasonWords(common::v1::ModerationReason reason) {
  return EscapeHtml(
      EnumWords(ModerationReason_Name(reason), "MODERATION_REASON_", reason));
}

std::string Seconds(const google::protobuf::Duration& duration) {
  return FormatElapsed(static_cast<double>(duration.seconds()) +
                       duration.nanos() / 1e9);
}

std::string DayText(const common::v1::Date& date) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  if (date.month() < 1 || date.month() > 12) {
    return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                           date.day());
  }
  return absl::StrCat(date.day(), " ", kMonths[date.month() - 1], " ",
                      date.year());
}

// "1 – 29 Feb 2024" style is ambiguous at a glance; "1 Feb – 29 Feb 2024"
// drops only the repeated year.
std::string RangeText(const v1::DateRange& range) {
  std::string first = DayText(range.first_day());
  const std::string year = absl::StrCat(" ", range.first_day().year());
  if (range.first_day().year() == range.last_day().year() &&
      absl::EndsWith(first, year)) {
    first.resize(first.size() - year.size());
  }
  return absl::StrCat("<span class=\"nowrap\">", first, " – ",
                      DayText(range.last_day()), "</span>");
}

// A bar of `fraction` (clamped to 0..1) of its width, for progress cells.
std::string Meter(double fraction) {
  if (!std::isfinite(fraction)) fraction = 0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  return absl::StrFormat(
      "<span class=\"meter\"><span style=\"width:%.1f%%\"></span></span>",
      fraction * 100);
}

}  // namespace

std::string FunnelTable(const v1::Funnel& funnel) {
  const std::pair<const char*, int64_t> stages[] = {
      {"Eligible", funnel.eligible()},
      {"Applied", funnel.applied()},
      {"Selected", funnel.selected()},
      {"Allocated (testers)", funnel.allocated()},
      {"Shipped", funnel.shipped()},
      {"Delivered", funnel.delivered()},
      {"Posted", funnel.posted()}};
  HtmlTable table({"Stage", "Ambassadors", "Of eligible", "Of previous stage"},
                  1);
  int64_t previous = -1;
  for (const auto& [name, count] : stages) {
    table.Row({name, Count(count), Share(count, funnel.eligible()),
               previous < 0 ? "" : Share(count, previous)});
    previous = count;
  }
  return table.Html();
}

std::string TimeToPostFacts(const v1::Funnel& funnel) {
  const std::string none = "<span class=\"muted\">no tester has posted</span>";
  return absl::StrCat(
      "<dl class=\"facts compact\">",
      Fact("Completion rate",
           absl::StrCat("<strong>", FormatPercent(funnel.completion_rate()),
                        "</strong> of delivered testers posted")),
      Fact("Median time to first post",
           funnel.has_median_time_to_post()
               ? Seconds(funnel.median_time_to_post())
               : none),
      Fact("90th percentile", funnel.has_p90_time_to_post()
                                  ? Seconds(funnel.p90_time_to_post())
                                  : none),
      Fact("Testers measured", Count(funnel.time_to_post_samples())), "</dl>");
}

std::string ApprovedContentTable(const v1::UgcSummary& ugc) {
  HtmlTable table({"Kind", "Platform", "Approved"}, 2);
  for (const v1::UgcCell& cell : ugc.approved()) {
    table.Row({KindWords(cell.kind()), PlatformWords(cell.platform()),
               Count(cell.approved())});
  }
  if (ugc.approved_size() > 0) {
    table.Row({"Total", "", Count(ugc.approved_total())}, "total");
  }
  return table.Html("No approved content yet");
}

std::string ModerationTable(const v1::UgcSummary& ugc) {
  HtmlTable table({"Status and reason", "Items"}, 1);
  table.Row({"Approved", Count(ugc.approved_total())}, "total");
  table.Row({"Pending (held for a moderator)", Count(ugc.pending_total())},
            "total");
  for (const v1::ReasonCount& reason : ugc.pending_reasons()) {
    table.Row({absl::StrCat("<span class=\"indent\">",
                            ReasonWords(reason.reason()), "</span>"),
               Count(reason.items())});
  }
  table.Row({"Rejected", Count(ugc.rejected_total())}, "total");
  for (const v1::ReasonCount& reason : ugc.rejected_reasons()) {
    table.Row({absl::StrCat("<span class=\"indent\">",
                            ReasonWords(reason.reason()), "</span>"),
               Count(reason.items())});
  }
  table.Row({"Approval rate", FormatPercent(ugc.approval_rate())}, "total");
  return table.Html();
}

std::string RatingsTable(
    const google::protobuf::RepeatedPtrField<v1::SkuRatings>& ratings) {
  HtmlTable table(
      {"SKU", "Ratings", "Average", "5 ★", "4 ★", "3 ★", "2 ★", "1 ★"}, 1);
  for (const v1::SkuRatings& sku : ratings) {
    const v1::RatingDistribution& stars = sku.distribution();
    table.Row({absl::StrCat("<code>", EscapeHtml(sku.sku()), "</code>"),
               Count(sku.ratings()),
               sku.ratings() > 0
                   ? absl::StrCat(FormatStars(sku.average()), " ★")
                   : "<span class=\"muted\">–</span>",
               Count(stars.five_stars()), Count(stars.four_stars()),
               Count(stars.three_stars()), Count(stars.two_stars()),
               Count(stars.one_star())});
  }
  return table.Html("No rating yet");
}

std::string ConversionSection(const v1::ConversionEstimate& conversion) {
  const std::string curve = EscapeHtml(conversion.curve().name());
  std::string points;
  for (const v1::CurvePoint& point : conversion.curve().points()) {
    absl::StrAppend(&points, points.empty() ? "" : ", ",
                    FormatCount(point.reviews()), " reviews → ",
                    FormatPercent(point.uplift(), true));
  }
  std::string html = absl::StrCat(
      "<div class=\"estimate-notice\"><span class=\"tag\">Estimate</span>"
      "<p><strong>Estimated, not measured.</strong> The conversion uplifts "
      "below are estimates from the number of reviews on each product page, "
      "read from the conversion curve “",
      curve, "”", points.empty() ? "" : absl::StrCat(" (", points, ")"),
      ". They are not sales measurements; see the sales-uplift studies for "
      "measured effects.</p></div>");
  HtmlTable table({"SKU", "Platform", "Reviews", "Target", "Progress",
                   absl::StrCat("Estimated conversion uplift<br><span "
                                "class=\"muted\">curve “",
                                curve, "”</span>")},
                  2);
  for (const v1::ProductPageReviews& page : conversion.pages()) {
    table.Row(
        {absl::StrCat("<code>", EscapeHtml(page.sku()), "</code>"),
         PlatformWords(page.platform()), Count(page.reviews()),
         Count(page.target_reviews()),
         absl::StrCat(Meter(page.progress()), " ",
                      FormatPercent(page.progress())),
         absl::StrCat(FormatPercent(page.estimated_conversion_uplift(), true),
                      " <span class=\"tag small\">est.</span>")});
  }
  return html + table.Html("No approved review yet");
}

std::string OnlineReachTable(const v1::OnlineReach& online) {
  HtmlTable table({"Online (social posts)", ""}, 1);
  table.Row({"Reach (audience of the authors)", Count(online.reach())});
  table.Row({"Authors", Count(online.authors())});
  table.Row({"Approved posts", Count(online.posts())});
  table.Row({"Views", Count(online.views())});
  table.Row({"Likes", Count(online.likes())});
  table.Row({"Comments", Count(online.comments())});
  table.Row({"Shares", Count(online.shares())});
  table.Row({"Engagements", Count(online.engagements())}, "total");
  table.Row({"Engagement rate (engagements / reach)",
             FormatPercent(online.engagement_rate())},
            "total");
  return table.Html();
}

std::string OfflineReachTable(const v1::OfflineReach& offline) {
  HtmlTable table({"Offline (word of mouth)", ""}, 1);
  table.Row({"People told", Count(offline.people_told())}, "total");
  table.Row({"Declarations", Count(offline.declarations())});
  table.Row({"Ambassadors declaring", Count(offline.declarants())});
  return table.Html() +
         "<p class=\"footnote\">As declared by ambassadors, not verified.</p>";
}

std::string TierTable(const v1::CampaignReport& report) {
  std::vector<std::string> headers = {"Figure"};
  std::vector<const v1::ReportFigures*> scopes;
  for (const v1::TierFigures& tier : report.by_tier()) {
    headers.push_back(EscapeHtml(TierLabel(tier.tier())));
    scopes.push_back(&tier.figures());
  }
  headers.push_back("All tiers");
  scopes.push_back(&report.total());

  HtmlTable table(headers, 1);
  auto row = [&](absl::string_view name, auto figure,
                 absl::string_view row_class = "") {
    std::vector<std::string> cells = {std::string(name)};
    for (const v1::ReportFigures* scope : scopes) {
      cells.push_back(figure(*scope));
    }
    table.Row(std::move(cells), row_class);
  };
  using F = v1::ReportFigures;
  row("Eligible", [](const F& f) { return Count(f.funnel().eligible()); });
  row("Applied", [](const F& f) { return Count(f.funnel().applied()); });
  row("Testers", [](const F& f) { return Count(f.funnel().allocated()); });
  row("Delivered", [](const F& f) { return Count(f.funnel().delivered()); });
  row("Posted", [](const F& f) { return Count(f.funnel().posted()); });
  row(
      "Completion rate",
      [](const F& f) { return FormatPercent(f.funnel().completion_rate()); },
      "rate");
  row("Approved content",
      [](const F& f) { return Count(f.ugc().approved_total()); });
  row(
      "Approval rate",
      [](const F& f) { return FormatPercent(f.ugc().approval_rate()); },
      "rate");
  row("Reviews", [](const F& f) { return Count(ReviewCount(f)); });
  row(
      "Average rating",
      [](const F& f) {
        const double average = AverageRating(f);
        return average > 0 ? absl::StrCat(FormatStars(average), " ★")
                           : std::string("–");
      },
      "rate");
  row("Online reach", [](const F& f) { return Count(f.online().reach()); });
  row(
      "Engagement rate",
      [](const F& f) { return FormatPercent(f.online().engagement_rate()); },
      "rate");
  row("People told",
      [](const F& f) { return Count(f.offline().people_told()); });
  return table.Html();
}

std::string UpliftTable(
    const google::protobuf::RepeatedPtrField<v1::UpliftOutcome>& studies) {
  HtmlTable table(
      {"Study", "Before", "During", "Stores with sales (exposed / control)",
       "Uplift", "95% interval"},
      3);
  for (const v1::UpliftOutcome& outcome : studies) {
    const v1::UpliftStudy& study = outcome.study();
    std::vector<std::string> cells = {
        EscapeHtml(study.name().empty() ? study.study_id() : study.name()),
        RangeText(study.before()), RangeText(study.during()),
        absl::StrCat(Count(study.exposed_stores()), " / ",
                     Count(study.control_stores()))};
    if (outcome.has_result()) {
      const v1::UpliftResult& result = outcome.result();
      cells.push_back(absl::StrCat(
          "<strong>", FormatPercent(result.uplift(), true), "</strong>"));
      cells.push_back(absl::StrCat(FormatPercent(result.ci_low(), true), " to ",
                                   FormatPercent(result.ci_high(), true)));
      table.Row(std::move(cells));
    } else {
      cells.push_back("<span class=\"refusal\">No result</span>");
      cells.push_back("<span class=\"muted\">–</span>");
      table.Row(std::move(cells), "has-note");
      table.WideRow(absl::StrCat("<span class=\"refusal\">",
                                 EscapeHtml(NoResultText(outcome)), "</span>"),
                    "note-row");
    }
  }
  return table.Html("No sales-uplift study yet");
}

}  // namespace nanoinfluence::kpi
