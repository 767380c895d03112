#include "services/kpi/export/report_csv.h"

#include <charconv>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "nanoinfluence/common/v1/taxonomy.pb.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "services/kpi/export/report_time.h"

namespace nanoinfluence::kpi {
namespace {

using common::v1::ContentKind_Name;
using common::v1::ModerationReason_Name;
using common::v1::Platform_Name;
using common::v1::Tier_Name;

// A value the enum does not define (proto3 keeps unknown values) has no
// name; its number is still better than an empty cell.
template <typename NameFn>
std::string EnumCell(NameFn name_of, int value) {
  const std::string& name = name_of(value);
  return name.empty() ? absl::StrCat(value) : name;
}

std::string Number(int64_t value) { return absl::StrCat(value); }

// Shortest round-trip form: exact for a reader, yet 0.1 stays "0.1" rather
// than the "0.10000000000000001" of %.17g.
std::string Number(double value) {
  if (value == 0) return "0";  // also folds -0
  char buffer[64];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value);
  if (error != std::errc()) return absl::StrCat(value);
  return std::string(buffer, end);
}

std::string Seconds(const google::protobuf::Duration& duration) {
  if (duration.nanos() == 0) return Number(duration.seconds());
  return Number(static_cast<double>(duration.seconds()) +
                duration.nanos() / 1e9);
}

// The columns that locate a figure; empty where they do not apply.
struct Keys {
  std::string sku = {};
  std::string platform = {};
  std::string kind = {};
  std::string reason = {};
};

class TidyTable {
 public:
  TidyTable() {
    Line({"section", "tier", "sku", "platform", "kind", "reason", "metric",
          "value"});
  }

  // Rows added next belong to this section and tier.
  void Scope(absl::string_view section, absl::string_view tier) {
    section_ = std::string(section);
    tier_ = std::string(tier);
  }

  void Add(absl::string_view metric, absl::string_view value,
           const Keys& keys = {}) {
    Line({section_, tier_, keys.sku, keys.platform, keys.kind, keys.reason,
          metric, value});
  }

  std::string Take() && { return std::move(text_); }

 private:
  void Line(std::initializer_list<absl::string_view> fields) {
    bool first = true;
    for (absl::string_view field : fields) {
      if (!first) text_ += ',';
      first = false;
      AppendField(field);
    }
    text_ += "\r\n";
  }

  void AppendField(absl::string_view field) {
    if (field.find_first_of(",\"\r\n") == absl::string_view::npos) {
      absl::StrAppend(&text_, field);
      return;
    }
    text_ += '"';
    for (char c : field) {
      if (c == '"') text_ += '"';
      text_ += c;
    }
    text_ += '"';
  }

  std::string text_;
  std::string section_;
  std::string tier_;
};

void AddCampaign(const v1::CampaignReport& report, TidyTable& table) {
  table.Scope("campaign", "ALL");
  table.Add("campaign_id", report.campaign_id());
  table.Add("brand_id", report.brand_id());
  table.Add("sku", report.sku());
  table.Add("state", EnumCell(v1::CampaignState_Name<int>, report.state()));
  table.Add("slots", Number(int64_t{report.slots()}));
  table.Add("open_time",
            report.has_open_time() ? FormatRfc3339(report.open_time()) : "");
  table.Add("close_time",
            report.has_close_time() ? FormatRfc3339(report.close_time()) : "");
  table.Add("as_of_time",
            report.has_as_of_time() ? FormatRfc3339(report.as_of_time()) : "");
  table.Add("events_applied", Number(report.events_applied()));
  table.Add("version", Number(report.version()));
}

void AddFunnel(const v1::Funnel& funnel, TidyTable& table) {
  table.Add("eligible", Number(funnel.eligible()));
  table.Add("applied", Number(funnel.applied()));
  table.Add("selected", Number(funnel.selected()));
  table.Add("allocated", Number(funnel.allocated()));
  table.Add("shipped", Number(funnel.shipped()));
  table.Add("delivered", Number(funnel.delivered()));
  table.Add("posted", Number(funnel.posted()));
  table.Add("completion_rate", Number(funnel.completion_rate()));
  table.Add("median_time_to_post_seconds",
            funnel.has_median_time_to_post()
                ? Seconds(funnel.median_time_to_post())
                : "");
  table.Add("p90_time_to_post_seconds", funnel.has_p90_time_to_post()
                                            ? Seconds(funnel.p90_time_to_post())
                                            : "");
  table.Add("time_to_post_samples", Number(funnel.time_to_post_samples()));
}

void AddUgc(const v1::UgcSummary& ugc, TidyTable& table) {
  for (const v1::UgcCell& cell : ugc.approved()) {
    table.Add("approved", Number(cell.approved()),
              {.platform = EnumCell(Platform_Name<int>, cell.platform()),
               .kind = EnumCell(ContentKind_Name<int>, cell.kind())});
  }
  table.Add("approved_total", Number(ugc.approved_total()));
  table.Add("pending_total", Number(ugc.pending_total()));
  table.Add("rejected_total", Number(ugc.rejected_total()));
  table.Add("approval_rate", Number(ugc.approval_rate()));
}

void AddReasons(
    const google::protobuf::RepeatedPtrField<v1::ReasonCount>& reasons,
    TidyTable& table) {
  for (const v1::ReasonCount& count : reasons) {
    table.Add("items", Number(count.items()),
              {.reason = EnumCell(ModerationReason_Name<int>, count.reason())});
  }
}

void AddRatings(const v1::SkuRatings& ratings, TidyTable& table) {
  const Keys keys{.sku = ratings.sku()};
  const v1::RatingDistribution& stars = ratings.distribution();
  table.Add("ratings", Number(ratings.ratings()), keys);
  table.Add("average", Number(ratings.average()), keys);
  table.Add("one_star", Number(stars.one_star()), keys);
  table.Add("two_stars", Number(stars.two_stars()), keys);
  table.Add("three_stars", Number(stars.three_stars()), keys);
  table.Add("four_stars", Number(stars.four_stars()), keys);
  table.Add("five_stars", Number(stars.five_stars()), keys);
}

void AddConversion(const v1::ConversionEstimate& conversion, TidyTable& table) {
  table.Add("estimate_curve", conversion.curve().name());
  for (const v1::ProductPageReviews& page : conversion.pages()) {
    const Keys keys{.sku = page.sku(),
                    .platform = EnumCell(Platform_Name<int>, page.platform())};
    table.Add("reviews", Number(page.reviews()), keys);
    table.Add("target_reviews", Number(page.target_reviews()), keys);
    table.Add("progress", Number(page.progress()), keys);
    table.Add("estimated_conversion_uplift",
              Number(page.estimated_conversion_uplift()), keys);
  }
}

void AddOnline(const v1::OnlineReach& online, TidyTable& table) {
  table.Add("reach", Number(online.reach()));
  table.Add("authors", Number(online.authors()));
  table.Add("posts", Number(online.posts()));
  table.Add("views", Number(online.views()));
  table.Add("likes", Number(online.likes()));
  table.Add("comments", Number(online.comments()));
  table.Add("shares", Number(online.shares()));
  table.Add("engagements", Number(online.engagements()));
  table.Add("engagement_rate", Number(online.engagement_rate()));
}

void AddOffline(const v1::OfflineReach& offline, TidyTable& table) {
  table.Add("people_told", Number(offline.people_told()));
  table.Add("declarations", Number(offline.declarations()));
  table.Add("declarants", Number(offline.declarants()));
}

void AddFigures(absl::string_view tier, const v1::ReportFigures& figures,
                TidyTable& table) {
  table.Scope("funnel", tier);
  AddFunnel(figures.funnel(), table);
  table.Scope("ugc", tier);
  AddUgc(figures.ugc(), table);
  table.Scope("ugc_pending_reasons", tier);
  AddReasons(figures.ugc().pending_reasons(), table);
  table.Scope("ugc_rejected_reasons", tier);
  AddReasons(figures.ugc().rejected_reasons(), table);
  table.Scope("ratings", tier);
  for (const v1::SkuRatings& ratings : figures.ratings()) {
    AddRatings(ratings, table);
  }
  table.Scope("conversion", tier);
  AddConversion(figures.conversion(), table);
  table.Scope("online", tier);
  AddOnline(figures.online(), table);
  table.Scope("offline", tier);
  AddOffline(figures.offline(), table);
}

void AddStudy(const v1::UpliftOutcome& outcome, TidyTable& table) {
  const v1::UpliftStudy& study = outcome.study();
  const std::string prefix = absl::StrCat("study/", study.study_id(), "/");
  auto metric = [&](absl::string_view field) {
    return absl::StrCat(prefix, field);
  };
  table.Add(metric("name"), study.name());
  table.Add(metric("exposed_stores"), Number(int64_t{study.exposed_stores()}));
  table.Add(metric("control_stores"), Number(int64_t{study.control_stores()}));
  if (outcome.has_result()) {
    const v1::UpliftResult& result = outcome.result();
    // Usable stores are those with both periods: the BEFORE and DURING
    // totals of an area count the same stores.
    int64_t usable_exposed = 0;
    int64_t usable_control = 0;
    for (const v1::AreaPeriodTotals& totals : result.totals()) {
      if (totals.period() != v1::SALES_PERIOD_DURING) continue;
      if (totals.area() == v1::STORE_AREA_EXPOSED) {
        usable_exposed = totals.stores();
      } else if (totals.area() == v1::STORE_AREA_CONTROL) {
        usable_control = totals.stores();
      }
    }
    table.Add(metric("uplift"), Number(result.uplift()));
    table.Add(metric("ci_low"), Number(result.ci_low()));
    table.Add(metric("ci_high"), Number(result.ci_high()));
    table.Add(metric("confidence"), Number(result.confidence()));
    table.Add(metric("exposed_ratio"), Number(result.exposed_ratio()));
    table.Add(metric("control_ratio"), Number(result.control_ratio()));
    table.Add(metric("usable_exposed_stores"), Number(usable_exposed));
    table.Add(metric("usable_control_stores"), Number(usable_control));
    table.Add(metric("excluded_stores"),
              Number(int64_t{result.excluded_stores()}));
  } else if (outcome.has_refusal()) {
    table.Add(
        metric("refusal"), outcome.refusal_detail(),
        {.reason = EnumCell(v1::UpliftRefusal_Name<int>, outcome.refusal())});
  }
}

}  // namespace

std::string RenderCsv(const ExportInput& input) {
  const v1::CampaignReport& report = input.report;
  TidyTable table;
  AddCampaign(report, table);
  AddFigures("ALL", report.total(), table);
  for (const v1::TierFigures& tier : report.by_tier()) {
    AddFigures(EnumCell(Tier_Name<int>, tier.tier()), tier.figures(), table);
  }
  table.Scope("uplift", "ALL");
  for (const v1::UpliftOutcome& outcome : report.uplift_studies()) {
    AddStudy(outcome, table);
  }
  return std::move(table).Take();
}

}  // namespace nanoinfluence::kpi
