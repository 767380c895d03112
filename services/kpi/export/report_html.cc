#include "services/kpi/export/report_html.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/kpi/export/html_text.h"
#include "services/kpi/export/report_charts.h"
#include "services/kpi/export/report_style.h"
#include "services/kpi/export/report_summary.h"
#include "services/kpi/export/report_tables.h"
#include "services/kpi/export/report_time.h"
#include "services/kpi/export/svg_charts.h"

namespace nanoinfluence::kpi {
namespace {

// The campaign's title; for a campaign opened before its events carried
// names, what it tests.
std::string Title(const v1::CampaignReport& report) {
  if (!report.campaign_name().empty()) {
    return EscapeHtml(report.campaign_name());
  }
  return report.sku().empty()
             ? "Product test"
             : absl::StrCat("Product test of ", EscapeHtml(report.sku()));
}

// A name over its id, or the id alone when there is no name.
std::string NamedId(absl::string_view name, absl::string_view id) {
  const std::string code = absl::StrCat("<code>", EscapeHtml(id), "</code>");
  return name.empty() ? code : absl::StrCat(EscapeHtml(name), "<br>", code);
}

std::string Masthead(const v1::CampaignReport& report) {
  const std::string state = StateLabel(report.state());
  std::string closed = report.has_close_time()
                           ? FormatReadableTime(report.close_time())
                           : "Not closed";
  return absl::StrCat(
      "<header class=\"masthead\"><div class=\"eyebrow\">Campaign "
      "report</div><h1>",
      Title(report), "<span class=\"badge ", absl::AsciiStrToLower(state),
      "\">", state, "</span></h1><dl class=\"facts\">",
      Fact("Campaign",
           absl::StrCat("<code>", EscapeHtml(report.campaign_id()), "</code>")),
      Fact("Brand", NamedId(report.brand_name(), report.brand_id())),
      Fact("Product", NamedId(report.product_name(), report.sku())),
      Fact("Testers wanted", FormatCount(report.slots())),
      Fact("Opened", report.has_open_time()
                         ? FormatReadableTime(report.open_time())
                         : "Not opened"),
      Fact("Closed", closed),
      Fact("Figures as of", report.has_as_of_time()
                                ? FormatReadableTime(report.as_of_time())
                                : "No event yet"),
      Fact("Events applied", FormatCount(report.events_applied())), "</dl>",
      "</header>");
}

std::string Kpi(absl::string_view label, absl::string_view value,
                absl::string_view sub_html) {
  return absl::StrCat("<div class=\"kpi\"><div class=\"label\">", label,
                      "</div><div class=\"value\">", value,
                      "</div><div class=\"sub\">", sub_html, "</div></div>");
}

std::string Headlines(const v1::CampaignReport& report) {
  const v1::ReportFigures& total = report.total();
  const v1::Funnel& funnel = total.funnel();
  int64_t ratings = 0;
  for (const v1::SkuRatings& sku : total.ratings()) ratings += sku.ratings();
  const double average = AverageRating(total);
  return absl::StrCat(
      "<section class=\"kpis\" aria-label=\"Headline figures\">",
      Kpi("Testers", FormatCount(funnel.allocated()),
          absl::StrCat("of ", FormatCount(report.slots()), " wanted · ",
                       FormatCount(funnel.eligible()), " eligible")),
      Kpi("Testers who posted", FormatCount(funnel.posted()),
          absl::StrCat(FormatPercent(funnel.completion_rate()),
                       " of delivered testers")),
      Kpi("Approved content", FormatCount(total.ugc().approved_total()),
          absl::StrCat(FormatPercent(total.ugc().approval_rate()),
                       " approval rate")),
      Kpi("Reviews", FormatCount(ReviewCount(total)),
          ratings > 0
              ? absl::StrCat("average ", FormatStars(average), " ★ over ",
                             FormatCount(ratings), " ratings")
              : "no rating yet"),
      Kpi("Online reach", FormatCompact(total.online().reach()),
          absl::StrCat(FormatPercent(total.online().engagement_rate()),
                       " engagement rate · ",
                       FormatCount(total.online().posts()), " posts")),
      Kpi("Word of mouth", FormatCompact(total.offline().people_told()),
          absl::StrCat("people told, in ",
                       FormatCount(total.offline().declarations()),
                       " declarations")),
      "</section>");
}

std::string Panel(absl::string_view id, absl::string_view title,
                  absl::string_view lead, absl::string_view body) {
  return absl::StrCat("<section class=\"panel\" id=\"section-", id, "\"><h2>",
                      title, "</h2><p class=\"lead\">", lead, "</p>", body,
                      "</section>");
}

std::string Figure(absl::string_view svg, absl::string_view caption = "") {
  return absl::StrCat(
      "<div class=\"figure\">", svg,
      caption.empty() ? ""
                      : absl::StrCat("<p class=\"caption\">", caption, "</p>"),
      "</div>");
}

}  // namespace

std::string RenderHtml(const ExportInput& input) {
  const v1::CampaignReport& report = input.report;
  const v1::ReportFigures& total = report.total();
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
      "charset=\"utf-8\">\n<meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\">\n<title>Campaign "
      "report · ",
      EscapeHtml(report.campaign_id()), "</title>\n<style>", ReportCss(),
      svg::ChartCss(), "</style>\n</head>\n<body>\n<main class=\"page\">\n");
  absl::StrAppend(&html, Masthead(report), Headlines(report));

  absl::StrAppend(
      &html,
      Panel("funnel", "Test funnel",
            "Ambassadors at each stage, from eligible to posted.",
            absl::StrCat(Figure(FunnelChart(total.funnel())),
                         "<div class=\"columns wide-left\"><div>",
                         FunnelTable(total.funnel()),
                         "</div><div><h3>Time to "
                         "post</h3>",
                         TimeToPostFacts(total.funnel()), "</div></div>")));
  absl::StrAppend(
      &html,
      Panel("content", "User-generated content",
            "Content submitted by testers, by its current moderation status.",
            absl::StrCat(
                Figure(ContentPerDayChart(input.content_per_day),
                       "Submission day in UTC. Hover a bar for exact counts."),
                "<div class=\"columns\"><div><h3>Approved by kind and "
                "platform</h3>",
                ApprovedContentTable(total.ugc()),
                "</div><div><h3>Moderation</h3>", ModerationTable(total.ugc()),
                "<p class=\"footnote\">An item held or rejected for several "
                "reasons counts under each.</p></div></div>")));
  absl::StrAppend(
      &html,
      Panel("ratings", "Ratings and reviews",
            "Stars given in approved reviews and ratings.",
            absl::StrCat(Figure(RatingDistributionChart(total)),
                         "<h3>By SKU</h3>", RatingsTable(total.ratings()))));
  absl::StrAppend(&html,
                  Panel("conversion", "Product pages and estimated conversion",
                        "Approved reviews per product page against the target.",
                        ConversionSection(total.conversion())));
  absl::StrAppend(
      &html,
      Panel("reach", "Reach and word of mouth",
            "Audience and engagement of approved social posts, and offline "
            "word of mouth.",
            absl::StrCat("<div class=\"columns\"><div>",
                         OnlineReachTable(total.online()), "</div><div>",
                         OfflineReachTable(total.offline()), "</div></div>")));
  absl::StrAppend(
      &html,
      Panel("tiers", "By ambassador tier",
            "The same figures for nano, micro and macro ambassadors.",
            absl::StrCat(
                Figure(TierBreakdownChart(report.by_tier()),
                       "Each figure has its own scale: compare tiers within a "
                       "figure, not figures with each other."),
                TierTable(report))));
  absl::StrAppend(
      &html,
      Panel("uplift", "Sales uplift studies",
            "Unit sales in stores exposed to the campaign against control "
            "stores (difference in differences), with a 95% bootstrap "
            "interval.",
            absl::StrCat(
                Figure(UpliftChart(report.uplift_studies()),
                       "Green: the whole interval is above 0 (uplift "
                       "detected). Grey: the interval includes 0 (no "
                       "conclusion). Red: the whole interval is below 0."),
                UpliftTable(report.uplift_studies()))));

  absl::StrAppend(
      &html, "<footer>Figures as of ",
      report.has_as_of_time() ? FormatReadableTime(report.as_of_time())
                              : "no event yet",
      ", from ", FormatCount(report.events_applied()),
      " events · report version ", report.version(),
      " · rates are shares of their own base · all times UTC</footer>\n",
      "</main>\n</body>\n</html>\n");
  return html;
}

}  // namespace nanoinfluence::kpi
