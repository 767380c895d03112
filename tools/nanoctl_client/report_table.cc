#include "tools/nanoctl_client/report_table.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"

namespace nanoinfluence::tools {
namespace {

using common::v1::Tier;
using kpi::v1::CampaignReport;
using kpi::v1::ReportFigures;

constexpr Tier kTiers[] = {common::v1::TIER_NANO, common::v1::TIER_MICRO,
                           common::v1::TIER_MACRO};

// Lines of the table; each section adds to it.
class Table {
 public:
  void Line(const std::string& text = "") {
    absl::StrAppend(&text_, text, "\n");
  }
  void Heading(const std::string& text) {
    Line();
    Line(text);
  }
  std::string Done() { return std::move(text_); }

 private:
  std::string text_;
};

std::string Time(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                          absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

std::string Day(const common::v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                         date.day());
}

// 38 s, 2 min 5 s, 3 h 2 min, 2 d 4 h.
std::string Span(const google::protobuf::Duration& duration) {
  int64_t seconds = duration.seconds();
  if (seconds < 60) {
    return absl::StrFormat("%.1f s", seconds + duration.nanos() / 1e9);
  }
  if (seconds < 3600)
    return absl::StrCat(seconds / 60, " min ", seconds % 60, " s");
  if (seconds < 86400) {
    return absl::StrCat(seconds / 3600, " h ", (seconds % 3600) / 60, " min");
  }
  return absl::StrCat(seconds / 86400, " d ", (seconds % 86400) / 3600, " h");
}

std::string Bar(double fraction, int width) {
  const int full =
      static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * width));
  std::string bar;
  for (int i = 0; i < width; ++i) bar += i < full ? "\u2588" : "\u2591";
  return bar;
}

std::string KindName(common::v1::ContentKind kind) {
  return EnumWords(common::v1::ContentKind_Name(kind), "CONTENT_KIND_");
}
std::string PlatformName(common::v1::Platform platform) {
  return EnumWords(common::v1::Platform_Name(platform), "PLATFORM_");
}
std::string ReasonName(common::v1::ModerationReason reason) {
  return EnumWords(common::v1::ModerationReason_Name(reason),
                   "MODERATION_REASON_");
}

std::string Reasons(
    const google::protobuf::RepeatedPtrField<kpi::v1::ReasonCount>& reasons) {
  if (reasons.empty()) return "none";
  std::vector<std::string> parts;
  for (const auto& reason : reasons) {
    parts.push_back(absl::StrCat(ReasonName(reason.reason()), " ",
                                 Thousands(reason.items())));
  }
  return absl::StrJoin(parts, " \u00b7 ");
}

// The figures of each tier, NANO, MICRO, MACRO (empty ones when absent).
std::vector<ReportFigures> TierFigures(const CampaignReport& report) {
  std::vector<ReportFigures> figures(3);
  for (const auto& tier : report.by_tier()) {
    for (int i = 0; i < 3; ++i) {
      if (tier.tier() == kTiers[i]) figures[i] = tier.figures();
    }
  }
  return figures;
}

// One row "label  total  nano  micro  macro" from a figure of each scope.
void TierRow(Table& table, const std::string& label, const ReportFigures& total,
             const std::vector<ReportFigures>& tiers,
             const std::function<std::string(const ReportFigures&)>& value) {
  table.Line(absl::StrFormat("  %-22s %10s %10s %10s %10s", label, value(total),
                             value(tiers[0]), value(tiers[1]),
                             value(tiers[2])));
}

double AverageRating(const ReportFigures& figures) {
  int64_t count = 0;
  double stars = 0;
  for (const auto& sku : figures.ratings()) {
    count += sku.ratings();
    stars += sku.average() * sku.ratings();
  }
  return count == 0 ? 0 : stars / count;
}

int64_t Reviews(const ReportFigures& figures) {
  int64_t reviews = 0;
  for (const auto& page : figures.conversion().pages())
    reviews += page.reviews();
  return reviews;
}

void Header(Table& table, const CampaignReport& report) {
  table.Line(
      "\u2550\u2550 Campaign report "
      "\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550"
      "\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550"
      "\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550"
      "\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550"
      "\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550\u2550");
  // "<campaign> · <brand>, <product>" when kpi has the names.
  if (!report.campaign_name().empty()) {
    table.Line(absl::StrCat(report.campaign_name(), "  \u00b7  ",
                            report.brand_name(), ", ", report.product_name()));
  }
  table.Line(absl::StrCat("campaign ", report.campaign_id(), "  \u00b7  brand ",
                          report.brand_id(), "  \u00b7  SKU ", report.sku()));
  const bool open = report.state() == kpi::v1::CAMPAIGN_STATE_OPEN;
  table.Line(absl::StrCat(open ? "open since " : "closed ",
                          Time(open ? report.open_time() : report.close_time()),
                          "  \u00b7  ", Thousands(report.slots()),
                          " testers wanted"));
  table.Line(absl::StrCat("figures as of ", Time(report.as_of_time()),
                          "  \u00b7  ", Thousands(report.events_applied()),
                          " events applied  \u00b7  version ",
                          report.version()));
}

void FunnelSection(Table& table, const CampaignReport& report,
                   const std::vector<ReportFigures>& tiers) {
  table.Heading(absl::StrFormat("TEST FUNNEL%16s %10s %10s %10s %10s", "",
                                "all", "nano", "micro", "macro"));
  const ReportFigures& total = report.total();
  auto count = [&](const std::string& label,
                   int64_t (kpi::v1::Funnel::*field)() const) {
    TierRow(table, label, total, tiers, [field](const ReportFigures& f) {
      return Thousands((f.funnel().*field)());
    });
  };
  count("eligible", &kpi::v1::Funnel::eligible);
  count("applied", &kpi::v1::Funnel::applied);
  count("selected", &kpi::v1::Funnel::selected);
  count("allocated", &kpi::v1::Funnel::allocated);
  count("shipped", &kpi::v1::Funnel::shipped);
  count("delivered", &kpi::v1::Funnel::delivered);
  count("posted", &kpi::v1::Funnel::posted);
  TierRow(table, "completion rate", total, tiers, [](const ReportFigures& f) {
    return f.funnel().delivered() == 0 ? std::string("-")
                                       : Percent(f.funnel().completion_rate());
  });
  const kpi::v1::Funnel& funnel = total.funnel();
  if (funnel.time_to_post_samples() > 0) {
    table.Line(
        absl::StrCat("  time from delivery to first post: median ",
                     Span(funnel.median_time_to_post()), ", 90th percentile ",
                     Span(funnel.p90_time_to_post()), " (",
                     Thousands(funnel.time_to_post_samples()), " testers)"));
  }
}

void ContentSection(Table& table, const ReportFigures& total,
                    const ReportTableOptions& options) {
  const kpi::v1::UgcSummary& ugc = total.ugc();
  table.Heading("USER-GENERATED CONTENT");
  table.Line(
      absl::StrCat("  approved ", Thousands(ugc.approved_total()),
                   "  \u00b7  pending ", Thousands(ugc.pending_total()),
                   "  \u00b7  rejected ", Thousands(ugc.rejected_total()),
                   "  \u00b7  approval rate ", Percent(ugc.approval_rate())));
  table.Line("  approved, by kind and platform:");
  int shown = 0;
  for (const auto& cell : ugc.approved()) {
    if (shown++ == options.max_ugc_cells) {
      table.Line(absl::StrCat(
          "    ... ", ugc.approved_size() - options.max_ugc_cells, " more"));
      break;
    }
    table.Line(absl::StrFormat("    %-16s %-16s %8s", KindName(cell.kind()),
                               PlatformName(cell.platform()),
                               Thousands(cell.approved())));
  }
  table.Line(absl::StrCat("  pending, held for a moderator: ",
                          Reasons(ugc.pending_reasons())));
  table.Line(absl::StrCat("  rejected: ", Reasons(ugc.rejected_reasons())));
}

void RatingsSection(Table& table, const ReportFigures& total) {
  table.Heading(absl::StrFormat(
      "RATINGS PER SKU%13s %8s %8s%s", "", "ratings", "average",
      // The stars are one column wide but three bytes: padded by hand.
      "     1\u2605     2\u2605     3\u2605     4\u2605     5\u2605"));
  if (total.ratings().empty()) table.Line("  none yet");
  for (const auto& sku : total.ratings()) {
    const auto& d = sku.distribution();
    table.Line(absl::StrFormat(
        "  %-26s %8s %8.2f %6d %6d %6d %6d %6d", sku.sku(),
        Thousands(sku.ratings()), sku.average(), d.one_star(), d.two_stars(),
        d.three_stars(), d.four_stars(), d.five_stars()));
  }
}

std::string CurveText(const kpi::v1::ConversionCurve& curve) {
  std::vector<std::string> points;
  for (const auto& point : curve.points()) {
    points.push_back(absl::StrCat(point.reviews(), " \u2192 ",
                                  Percent(point.uplift(), /*sign=*/true)));
  }
  return absl::StrCat("curve \"", curve.name(),
                      "\": ", absl::StrJoin(points, ", "));
}

void PagesSection(Table& table, const ReportFigures& total) {
  const kpi::v1::ConversionEstimate& conversion = total.conversion();
  table.Heading("REVIEWS PER PRODUCT PAGE");
  table.Line(
      absl::StrCat("  conversion uplift is an ESTIMATE, not a measurement (",
                   CurveText(conversion.curve()), ")"));
  table.Line(absl::StrFormat("  %-22s %-15s %7s  %-17s %16s", "SKU", "page",
                             "reviews", "progress to 50", "est. uplift"));
  if (conversion.pages().empty()) table.Line("  no approved review yet");
  for (const auto& page : conversion.pages()) {
    table.Line(absl::StrFormat(
        "  %-22s %-15s %7s  %s %6s %16s", page.sku(),
        PlatformName(page.platform()), Thousands(page.reviews()),
        Bar(page.progress(), 10), Percent(page.progress()),
        absl::StrCat(Percent(page.estimated_conversion_uplift(), true),
                     " est.")));
  }
}

void ReachSection(Table& table, const ReportFigures& total) {
  const kpi::v1::OnlineReach& online = total.online();
  table.Heading("ONLINE REACH AND ENGAGEMENT (approved social posts)");
  table.Line(absl::StrCat("  reach ", Thousands(online.reach()),
                          " followers  \u00b7  ", Thousands(online.authors()),
                          " authors  \u00b7  ", Thousands(online.posts()),
                          " posts"));
  table.Line(absl::StrCat("  views ", Thousands(online.views()),
                          "  \u00b7  likes ", Thousands(online.likes()),
                          "  \u00b7  comments ", Thousands(online.comments()),
                          "  \u00b7  shares ", Thousands(online.shares()),
                          "  \u00b7  engagement rate ",
                          Percent(online.engagement_rate()), " of reach"));
  const kpi::v1::OfflineReach& offline = total.offline();
  table.Heading("OFFLINE REACH (word of mouth, as declared by ambassadors)");
  table.Line(absl::StrCat(
      "  ", Thousands(offline.people_told()), " people told  \u00b7  ",
      Thousands(offline.declarations()), " declarations by ",
      Thousands(offline.declarants()), " ambassadors"));
}

void TierSection(Table& table, const CampaignReport& report,
                 const std::vector<ReportFigures>& tiers) {
  table.Heading(absl::StrFormat("BY TIER%20s %10s %10s %10s %10s", "", "all",
                                "nano", "micro", "macro"));
  const ReportFigures& total = report.total();
  TierRow(table, "approved content", total, tiers, [](const ReportFigures& f) {
    return Thousands(f.ugc().approved_total());
  });
  TierRow(table, "pending / rejected", total, tiers,
          [](const ReportFigures& f) {
            return absl::StrCat(f.ugc().pending_total(), " / ",
                                f.ugc().rejected_total());
          });
  TierRow(table, "reviews", total, tiers,
          [](const ReportFigures& f) { return Thousands(Reviews(f)); });
  TierRow(table, "average rating", total, tiers, [](const ReportFigures& f) {
    const double average = AverageRating(f);
    return average == 0 ? std::string("-") : absl::StrFormat("%.2f", average);
  });
  TierRow(table, "online reach", total, tiers,
          [](const ReportFigures& f) { return Thousands(f.online().reach()); });
  TierRow(table, "views", total, tiers,
          [](const ReportFigures& f) { return Thousands(f.online().views()); });
  TierRow(table, "engagement rate", total, tiers, [](const ReportFigures& f) {
    return f.online().reach() == 0 ? std::string("-")
                                   : Percent(f.online().engagement_rate());
  });
  TierRow(table, "people told (offline)", total, tiers,
          [](const ReportFigures& f) {
            return Thousands(f.offline().people_told());
          });
}

const kpi::v1::AreaPeriodTotals* Totals(const kpi::v1::UpliftResult& result,
                                        kpi::v1::StoreArea area,
                                        kpi::v1::SalesPeriod period) {
  for (const auto& totals : result.totals()) {
    if (totals.area() == area && totals.period() == period) return &totals;
  }
  return nullptr;
}

void AreaLine(Table& table, const std::string& label,
              const kpi::v1::UpliftResult& result, kpi::v1::StoreArea area,
              double ratio) {
  const auto* before = Totals(result, area, kpi::v1::SALES_PERIOD_BEFORE);
  const auto* during = Totals(result, area, kpi::v1::SALES_PERIOD_DURING);
  if (before == nullptr || during == nullptr) return;
  table.Line(absl::StrFormat(
      "    %-8s %3d stores  %10s \u2192 %-10s units  \u00d7%.3f", label,
      before->stores(), Thousands(before->units_sold()),
      Thousands(during->units_sold()), ratio));
}

void UpliftSection(Table& table, const CampaignReport& report) {
  table.Heading(
      "SALES UPLIFT STUDIES (difference in differences, 95% bootstrap "
      "interval)");
  if (report.uplift_studies().empty()) table.Line("  no study");
  for (const auto& outcome : report.uplift_studies()) {
    const kpi::v1::UpliftStudy& study = outcome.study();
    table.Line(absl::StrCat(
        "  \"", study.name(), "\"  before ", Day(study.before().first_day()),
        "..", Day(study.before().last_day()), "  during ",
        Day(study.during().first_day()), "..", Day(study.during().last_day())));
    if (!outcome.has_result()) {
      table.Line(
          absl::StrCat("    no result yet: ",
                       EnumWords(kpi::v1::UpliftRefusal_Name(outcome.refusal()),
                                 "UPLIFT_REFUSAL_"),
                       outcome.refusal_detail().empty() ? "" : " (",
                       outcome.refusal_detail(),
                       outcome.refusal_detail().empty() ? "" : ")"));
      continue;
    }
    const kpi::v1::UpliftResult& result = outcome.result();
    AreaLine(table, "exposed", result, kpi::v1::STORE_AREA_EXPOSED,
             result.exposed_ratio());
    AreaLine(table, "control", result, kpi::v1::STORE_AREA_CONTROL,
             result.control_ratio());
    table.Line(absl::StrCat(
        "    uplift   ", Percent(result.uplift(), true), "   95% interval [",
        Percent(result.ci_low(), true), ", ", Percent(result.ci_high(), true),
        "]   (", Thousands(result.iterations()), " resamples, seed ",
        result.seed(), ", ", result.discarded_resamples(), " discarded)"));
  }
}

}  // namespace

std::string Thousands(int64_t value) {
  std::string digits = absl::StrCat(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string Percent(double fraction, bool sign) {
  // Two literal formats: clang refuses a format chosen at run time.
  if (sign) return absl::StrFormat("%+.1f%%", fraction * 100);
  return absl::StrFormat("%.1f%%", fraction * 100);
}

std::string EnumWords(const std::string& value_name,
                      const std::string& prefix) {
  std::string words = value_name;
  if (absl::StartsWith(words, prefix)) words = words.substr(prefix.size());
  absl::AsciiStrToLower(&words);
  return absl::StrReplaceAll(words, {{"_", " "}});
}

std::string FormatReportTable(const kpi::v1::CampaignReport& report,
                              const ReportTableOptions& options) {
  Table table;
  const std::vector<ReportFigures> tiers = TierFigures(report);
  Header(table, report);
  FunnelSection(table, report, tiers);
  ContentSection(table, report.total(), options);
  RatingsSection(table, report.total());
  PagesSection(table, report.total());
  ReachSection(table, report.total());
  TierSection(table, report, tiers);
  UpliftSection(table, report);
  return table.Done();
}

}  // namespace nanoinfluence::tools
