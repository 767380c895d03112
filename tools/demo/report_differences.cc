#include "tools/demo/report_differences.h"

#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"

namespace nanoinfluence::demo {
namespace {

// Compares one count of every scope: the total and each tier.
class Comparison {
 public:
  explicit Comparison(const kpi::v1::CampaignReport& report) {
    scopes_.push_back({"total", common::v1::TIER_UNSPECIFIED, &report.total()});
    for (const auto& tier : report.by_tier()) {
      scopes_.push_back(
          {absl::StrCat("by_tier[", common::v1::Tier_Name(tier.tier()), "]"),
           tier.tier(), &tier.figures()});
    }
  }

  void Counts(const std::string& name, const v1::TierCounts& fed,
              int64_t (*kpi)(const kpi::v1::ReportFigures&)) {
    for (const Scope& scope : scopes_) {
      Equal(absl::StrCat(scope.label, ".", name), kpi(*scope.figures),
            CountOf(fed, scope.tier));
    }
  }

  void Equal(const std::string& figure, int64_t kpi, int64_t fed) {
    if (kpi != fed) {
      differences_.push_back(
          absl::StrCat(figure, ": kpi ", kpi, ", fed ", fed));
    }
  }

  std::vector<std::string> Done() { return std::move(differences_); }

 private:
  struct Scope {
    std::string label;
    common::v1::Tier tier;
    const kpi::v1::ReportFigures* figures;
  };
  std::vector<Scope> scopes_;
  std::vector<std::string> differences_;
};

using F = const kpi::v1::ReportFigures&;

}  // namespace

int64_t CountOf(const v1::TierCounts& counts, common::v1::Tier tier) {
  switch (tier) {
    case common::v1::TIER_NANO:
      return counts.nano();
    case common::v1::TIER_MICRO:
      return counts.micro();
    case common::v1::TIER_MACRO:
      return counts.macro();
    default:
      return counts.total();
  }
}

std::vector<std::string> ReportDifferences(
    const v1::DemoSummary& summary, const kpi::v1::CampaignReport& report) {
  Comparison compare(report);
  const v1::Funnel& funnel = summary.funnel();
  compare.Counts("funnel.eligible", funnel.eligible(),
                 [](F f) { return f.funnel().eligible(); });
  compare.Counts("funnel.applied", funnel.applied(),
                 [](F f) { return f.funnel().applied(); });
  compare.Counts("funnel.selected", funnel.selected(),
                 [](F f) { return f.funnel().selected(); });
  compare.Counts("funnel.allocated", funnel.allocated(),
                 [](F f) { return f.funnel().allocated(); });
  compare.Counts("funnel.shipped", funnel.shipped(),
                 [](F f) { return f.funnel().shipped(); });
  compare.Counts("funnel.delivered", funnel.delivered(),
                 [](F f) { return f.funnel().delivered(); });
  compare.Counts("funnel.posted", funnel.posted(),
                 [](F f) { return f.funnel().posted(); });
  const v1::Content& content = summary.content();
  compare.Counts("ugc.approved_total", content.approved(),
                 [](F f) { return f.ugc().approved_total(); });
  compare.Counts("ugc.pending_total", content.pending(),
                 [](F f) { return f.ugc().pending_total(); });
  compare.Counts("ugc.rejected_total", content.rejected(),
                 [](F f) { return f.ugc().rejected_total(); });
  const v1::Social& social = content.social();
  compare.Counts("online.posts", social.posts(),
                 [](F f) { return f.online().posts(); });
  compare.Counts("online.authors", social.authors(),
                 [](F f) { return f.online().authors(); });
  compare.Counts("online.reach", social.reach(),
                 [](F f) { return f.online().reach(); });
  compare.Counts("online.views", social.views(),
                 [](F f) { return f.online().views(); });
  compare.Counts("online.likes", social.likes(),
                 [](F f) { return f.online().likes(); });
  compare.Counts("online.comments", social.comments(),
                 [](F f) { return f.online().comments(); });
  compare.Counts("online.shares", social.shares(),
                 [](F f) { return f.online().shares(); });
  const v1::WordOfMouth& told = content.word_of_mouth();
  compare.Counts("offline.people_told", told.people_told(),
                 [](F f) { return f.offline().people_told(); });
  compare.Counts("offline.declarations", told.declarations(),
                 [](F f) { return f.offline().declarations(); });
  compare.Counts("offline.declarants", told.declarants(),
                 [](F f) { return f.offline().declarants(); });

  // Cells, reasons, ratings and pages of the campaign total.
  const kpi::v1::ReportFigures& total = report.total();
  std::map<std::string, std::pair<int64_t, int64_t>> cells;  // kpi, fed
  for (const auto& cell : total.ugc().approved()) {
    cells[absl::StrCat("ugc.approved[",
                       common::v1::ContentKind_Name(cell.kind()), ",",
                       common::v1::Platform_Name(cell.platform()), "]")]
        .first = cell.approved();
  }
  for (const auto& cell : content.approved_by_kind()) {
    cells[absl::StrCat("ugc.approved[",
                       common::v1::ContentKind_Name(cell.kind()), ",",
                       common::v1::Platform_Name(cell.platform()), "]")]
        .second = cell.approved();
  }
  for (const auto& reason : total.ugc().pending_reasons()) {
    cells[absl::StrCat("ugc.pending_reasons[",
                       common::v1::ModerationReason_Name(reason.reason()), "]")]
        .first = reason.items();
  }
  for (const auto& reason : content.pending_reasons()) {
    cells[absl::StrCat("ugc.pending_reasons[",
                       common::v1::ModerationReason_Name(reason.reason()), "]")]
        .second = reason.items();
  }
  for (const auto& reason : total.ugc().rejected_reasons()) {
    cells[absl::StrCat("ugc.rejected_reasons[",
                       common::v1::ModerationReason_Name(reason.reason()), "]")]
        .first = reason.items();
  }
  for (const auto& reason : content.rejected_reasons()) {
    cells[absl::StrCat("ugc.rejected_reasons[",
                       common::v1::ModerationReason_Name(reason.reason()), "]")]
        .second = reason.items();
  }
  for (const auto& sku : total.ratings()) {
    const auto& d = sku.distribution();
    const int64_t stars[] = {d.one_star(), d.two_stars(), d.three_stars(),
                             d.four_stars(), d.five_stars()};
    for (int i = 0; i < 5; ++i) {
      cells[absl::StrCat("ratings[", sku.sku(), "].", i + 1, "_stars")].first =
          stars[i];
    }
  }
  for (const auto& sku : content.ratings()) {
    for (int i = 0; i < 5 && i < sku.by_stars_size(); ++i) {
      cells[absl::StrCat("ratings[", sku.sku(), "].", i + 1, "_stars")].second =
          sku.by_stars(i);
    }
  }
  for (const auto& page : total.conversion().pages()) {
    cells[absl::StrCat("conversion.pages[", page.sku(), ",",
                       common::v1::Platform_Name(page.platform()), "]")]
        .first = page.reviews();
  }
  for (const auto& page : content.pages()) {
    cells[absl::StrCat("conversion.pages[", page.sku(), ",",
                       common::v1::Platform_Name(page.platform()), "]")]
        .second = page.reviews();
  }
  for (const auto& [figure, values] : cells) {
    compare.Equal(absl::StrCat("total.", figure), values.first, values.second);
  }
  std::vector<std::string> differences = compare.Done();

  // The study, with the uplift its own sales imply.
  const kpi::v1::UpliftOutcome* outcome = nullptr;
  for (const auto& study : report.uplift_studies()) {
    if (study.study().study_id() == summary.uplift().study_id())
      outcome = &study;
  }
  if (!summary.uplift().study_id().empty()) {
    if (outcome == nullptr || !outcome->has_result()) {
      differences.push_back(absl::StrCat(
          "uplift_studies[", summary.uplift().study_id(), "]: no result"));
    } else if (std::abs(outcome->result().uplift() -
                        summary.uplift().uplift()) > 1e-9) {
      differences.push_back(absl::StrCat(
          "uplift_studies[", summary.uplift().study_id(), "].uplift: kpi ",
          outcome->result().uplift(), ", fed ", summary.uplift().uplift()));
    }
  }
  return differences;
}

}  // namespace nanoinfluence::demo
