#include "tests/kpi/export/sample_report.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>

namespace nanoinfluence::kpi::testing {
namespace {

using common::v1::ContentKind;
using common::v1::ModerationReason;
using common::v1::Platform;
using common::v1::Tier;

constexpr const char* kSkus[] = {"VRD-OAT-1L", "VRD-OAT-BARISTA", "VRD-ALM-1L"};

// Size of a tier relative to NANO, and its audience per author.
struct TierShape {
  Tier tier;
  double size;
  int64_t audience;
};

int64_t Of(double base, double size) {
  return static_cast<int64_t>(base * size + 0.5);
}

void SetCurve(v1::ConversionEstimate& conversion) {
  conversion.set_is_estimate(true);
  v1::ConversionCurve& curve = *conversion.mutable_curve();
  curve.set_name("default");
  v1::CurvePoint& start = *curve.add_points();
  start.set_reviews(0);
  start.set_uplift(0);
  v1::CurvePoint& end = *curve.add_points();
  end.set_reviews(50);
  end.set_uplift(0.30);
}

void AddPage(v1::ConversionEstimate& conversion, const std::string& sku,
             Platform platform, int64_t reviews) {
  if (reviews <= 0) return;
  v1::ProductPageReviews& page = *conversion.add_pages();
  page.set_sku(sku);
  page.set_platform(platform);
  page.set_reviews(reviews);
  page.set_target_reviews(50);
  page.set_progress(std::min(1.0, reviews / 50.0));
  page.set_estimated_conversion_uplift(0.30 * std::min(1.0, reviews / 50.0));
}

void SetRatings(v1::SkuRatings& ratings, const std::string& sku,
                const int64_t (&stars)[5]) {
  ratings.set_sku(sku);
  v1::RatingDistribution& d = *ratings.mutable_distribution();
  d.set_one_star(stars[0]);
  d.set_two_stars(stars[1]);
  d.set_three_stars(stars[2]);
  d.set_four_stars(stars[3]);
  d.set_five_stars(stars[4]);
  int64_t count = 0;
  double sum = 0;
  for (int i = 0; i < 5; ++i) {
    count += stars[i];
    sum += static_cast<double>(stars[i]) * (i + 1);
  }
  ratings.set_ratings(count);
  ratings.set_average(count > 0 ? sum / static_cast<double>(count) : 0);
}

double Rate(int64_t part, int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

v1::ReportFigures TierFiguresOf(const TierShape& shape) {
  const double s = shape.size;
  v1::ReportFigures figures;
  v1::Funnel& funnel = *figures.mutable_funnel();
  funnel.set_eligible(Of(2400, s));
  funnel.set_applied(Of(610, s));
  funnel.set_selected(Of(130, s));
  funnel.set_allocated(Of(124, s));
  funnel.set_shipped(Of(121, s));
  funnel.set_delivered(Of(117, s));
  funnel.set_posted(Of(88, s));
  funnel.set_completion_rate(Rate(Of(86, s), funnel.delivered()));
  funnel.mutable_median_time_to_post()->set_seconds(Of(3.2 * 86400, 1 / s));
  funnel.mutable_p90_time_to_post()->set_seconds(Of(8.5 * 86400, 1 / s));
  funnel.set_time_to_post_samples(Of(86, s));

  v1::UgcSummary& ugc = *figures.mutable_ugc();
  const std::tuple<ContentKind, Platform, double> cells[] = {
      {common::v1::CONTENT_KIND_REVIEW, common::v1::PLATFORM_RETAILER_SITE, 41},
      {common::v1::CONTENT_KIND_REVIEW, common::v1::PLATFORM_MARKETPLACE, 23},
      {common::v1::CONTENT_KIND_REVIEW, common::v1::PLATFORM_GOOGLE, 12},
      {common::v1::CONTENT_KIND_RATING, common::v1::PLATFORM_RETAILER_SITE, 19},
      {common::v1::CONTENT_KIND_PHOTO, common::v1::PLATFORM_INSTAGRAM, 14},
      {common::v1::CONTENT_KIND_SOCIAL_POST, common::v1::PLATFORM_INSTAGRAM,
       31},
      {common::v1::CONTENT_KIND_SOCIAL_POST, common::v1::PLATFORM_TIKTOK, 17},
      {common::v1::CONTENT_KIND_WORD_OF_MOUTH, common::v1::PLATFORM_OFFLINE,
       26}};
  int64_t approved = 0;
  for (const auto& [kind, platform, base] : cells) {
    if (Of(base, s) == 0) continue;  // only non-zero cells are listed
    v1::UgcCell& cell = *ugc.add_approved();
    cell.set_kind(kind);
    cell.set_platform(platform);
    cell.set_approved(Of(base, s));
    approved += cell.approved();
  }
  ugc.set_approved_total(approved);
  ugc.set_pending_total(Of(9, s));
  const std::pair<ModerationReason, double> pending[] = {
      {common::v1::MODERATION_REASON_MISSING_DISCLOSURE, 6},
      {common::v1::MODERATION_REASON_LINK_SPAM, 3}};
  for (const auto& [reason, base] : pending) {
    if (Of(base, s) == 0) continue;
    v1::ReasonCount& count = *ugc.add_pending_reasons();
    count.set_reason(reason);
    count.set_items(Of(base, s));
  }
  ugc.set_rejected_total(Of(7, s));
  const std::pair<ModerationReason, double> rejected[] = {
      {common::v1::MODERATION_REASON_OFF_TOPIC, 4},
      {common::v1::MODERATION_REASON_DUPLICATE, 2},
      {common::v1::MODERATION_REASON_PERSONAL_DATA, 1}};
  for (const auto& [reason, base] : rejected) {
    if (Of(base, s) == 0) continue;
    v1::ReasonCount& count = *ugc.add_rejected_reasons();
    count.set_reason(reason);
    count.set_items(Of(base, s));
  }
  ugc.set_approval_rate(
      Rate(approved, approved + ugc.pending_total() + ugc.rejected_total()));

  const int64_t stars[3][5] = {
      {Of(1, s), Of(2, s), Of(6, s), Of(19, s), Of(31, s)},
      {Of(0, s), Of(1, s), Of(3, s), Of(9, s), Of(14, s)},
      {Of(2, s), Of(1, s), Of(4, s), Of(5, s), Of(6, s)}};
  for (int i = 0; i < 3; ++i) {
    SetRatings(*figures.add_ratings(), kSkus[i], stars[i]);
  }

  v1::ConversionEstimate& conversion = *figures.mutable_conversion();
  SetCurve(conversion);
  AddPage(conversion, kSkus[0], common::v1::PLATFORM_RETAILER_SITE, Of(24, s));
  AddPage(conversion, kSkus[0], common::v1::PLATFORM_MARKETPLACE, Of(13, s));
  AddPage(conversion, kSkus[0], common::v1::PLATFORM_GOOGLE, Of(8, s));
  AddPage(conversion, kSkus[1], common::v1::PLATFORM_RETAILER_SITE, Of(11, s));
  AddPage(conversion, kSkus[1], common::v1::PLATFORM_MARKETPLACE, Of(6, s));
  AddPage(conversion, kSkus[2], common::v1::PLATFORM_RETAILER_SITE, Of(6, s));
  AddPage(conversion, kSkus[2], common::v1::PLATFORM_MARKETPLACE, Of(4, s));
  AddPage(conversion, kSkus[2], common::v1::PLATFORM_GOOGLE, Of(4, s));

  v1::OnlineReach& online = *figures.mutable_online();
  online.set_authors(Of(40, s));
  online.set_posts(Of(48, s));
  online.set_reach(online.authors() * shape.audience);
  online.set_views(online.reach() * 3 / 2);
  online.set_likes(online.reach() * 6 / 100);
  online.set_comments(online.reach() / 100);
  online.set_shares(online.reach() / 200);
  online.set_engagements(online.likes() + online.comments() + online.shares());
  online.set_engagement_rate(Rate(online.engagements(), online.reach()));

  v1::OfflineReach& offline = *figures.mutable_offline();
  offline.set_declarations(Of(26, s));
  offline.set_declarants(Of(22, s));
  offline.set_people_told(Of(26 * 11, s));
  return figures;
}

// The campaign total: counts are sums over the tiers; rates, averages and
// estimates are recomputed from the summed counts, as the service does.
v1::ReportFigures Sum(const v1::CampaignReport& report) {
  v1::ReportFigures total;
  v1::Funnel& funnel = *total.mutable_funnel();
  v1::UgcSummary& ugc = *total.mutable_ugc();
  v1::OnlineReach& online = *total.mutable_online();
  v1::OfflineReach& offline = *total.mutable_offline();
  std::map<std::pair<int, int>, int64_t> cells;
  std::map<int, int64_t> pending, rejected;
  std::map<std::string, std::array<int64_t, 5>> stars;
  std::map<std::pair<std::string, int>, int64_t> pages;
  int64_t completed = 0;
  for (const v1::TierFigures& tier : report.by_tier()) {
    const v1::ReportFigures& f = tier.figures();
    funnel.set_eligible(funnel.eligible() + f.funnel().eligible());
    funnel.set_applied(funnel.applied() + f.funnel().applied());
    funnel.set_selected(funnel.selected() + f.funnel().selected());
    funnel.set_allocated(funnel.allocated() + f.funnel().allocated());
    funnel.set_shipped(funnel.shipped() + f.funnel().shipped());
    funnel.set_delivered(funnel.delivered() + f.funnel().delivered());
    funnel.set_posted(funnel.posted() + f.funnel().posted());
    funnel.set_time_to_post_samples(funnel.time_to_post_samples() +
                                    f.funnel().time_to_post_samples());
    completed += f.funnel().time_to_post_samples();
    for (const v1::UgcCell& cell : f.ugc().approved()) {
      cells[{cell.kind(), cell.platform()}] += cell.approved();
    }
    ugc.set_approved_total(ugc.approved_total() + f.ugc().approved_total());
    ugc.set_pending_total(ugc.pending_total() + f.ugc().pending_total());
    ugc.set_rejected_total(ugc.rejected_total() + f.ugc().rejected_total());
    for (const v1::ReasonCount& r : f.ugc().pending_reasons()) {
      pending[r.reason()] += r.items();
    }
    for (const v1::ReasonCount& r : f.ugc().rejected_reasons()) {
      rejected[r.reason()] += r.items();
    }
    for (const v1::SkuRatings& r : f.ratings()) {
      const v1::RatingDistribution& d = r.distribution();
      auto& sum = stars[r.sku()];
      sum[0] += d.one_star();
      sum[1] += d.two_stars();
      sum[2] += d.three_stars();
      sum[3] += d.four_stars();
      sum[4] += d.five_stars();
    }
    for (const v1::ProductPageReviews& page : f.conversion().pages()) {
      pages[{page.sku(), page.platform()}] += page.reviews();
    }
    online.set_reach(online.reach() + f.online().reach());
    online.set_authors(online.authors() + f.online().authors());
    online.set_posts(online.posts() + f.online().posts());
    online.set_views(online.views() + f.online().views());
    online.set_likes(online.likes() + f.online().likes());
    online.set_comments(online.comments() + f.online().comments());
    online.set_shares(online.shares() + f.online().shares());
    online.set_engagements(online.engagements() + f.online().engagements());
    offline.set_people_told(offline.people_told() + f.offline().people_told());
    offline.set_declarations(offline.declarations() +
                             f.offline().declarations());
    offline.set_declarants(offline.declarants() + f.offline().declarants());
  }
  funnel.set_completion_rate(Rate(completed, funnel.delivered()));
  funnel.mutable_median_time_to_post()->set_seconds(2 * 86400 + 7 * 3600);
  funnel.mutable_p90_time_to_post()->set_seconds(6 * 86400 + 19 * 3600);
  for (const auto& [key, count] : cells) {
    v1::UgcCell& cell = *ugc.add_approved();
    cell.set_kind(static_cast<ContentKind>(key.first));
    cell.set_platform(static_cast<Platform>(key.second));
    cell.set_approved(count);
  }
  for (const auto& [reason, items] : pending) {
    v1::ReasonCount& count = *ugc.add_pending_reasons();
    count.set_reason(static_cast<ModerationReason>(reason));
    count.set_items(items);
  }
  for (const auto& [reason, items] : rejected) {
    v1::ReasonCount& count = *ugc.add_rejected_reasons();
    count.set_reason(static_cast<ModerationReason>(reason));
    count.set_items(items);
  }
  ugc.set_approval_rate(
      Rate(ugc.approved_total(),
           ugc.approved_total() + ugc.pending_total() + ugc.rejected_total()));
  for (const auto& [sku, sum] : stars) {
    const int64_t counts[5] = {sum[0], sum[1], sum[2], sum[3], sum[4]};
    SetRatings(*total.add_ratings(), sku, counts);
  }
  SetCurve(*total.mutable_conversion());
  for (const auto& [key, reviews] : pages) {
    AddPage(*total.mutable_conversion(), key.first,
            static_cast<Platform>(key.second), reviews);
  }
  online.set_engagement_rate(Rate(online.engagements(), online.reach()));
  return total;
}

google::protobuf::Timestamp At(int64_t seconds) {
  google::protobuf::Timestamp stamp;
  stamp.set_seconds(seconds);
  return stamp;
}

common::v1::Date Day(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

void AddStudies(v1::CampaignReport& report) {
  v1::UpliftOutcome& measured = *report.add_uplift_studies();
  v1::UpliftStudy& paris = *measured.mutable_study();
  paris.set_study_id("std-7f3a");
  paris.set_campaign_id(report.campaign_id());
  paris.set_brand_id(report.brand_id());
  paris.set_name("Paris hypermarkets");
  *paris.mutable_before()->mutable_first_day() = Day(2024, 2, 1);
  *paris.mutable_before()->mutable_last_day() = Day(2024, 2, 29);
  *paris.mutable_during()->mutable_first_day() = Day(2024, 3, 4);
  *paris.mutable_during()->mutable_last_day() = Day(2024, 3, 31);
  paris.set_min_stores_per_area(5);
  paris.set_exposed_stores(14);
  paris.set_control_stores(16);
  v1::UpliftResult& result = *measured.mutable_result();
  result.set_study_id(paris.study_id());
  result.set_campaign_id(report.campaign_id());
  result.set_uplift(0.124);
  result.set_ci_low(0.041);
  result.set_ci_high(0.213);
  result.set_confidence(0.95);
  result.set_iterations(10000);
  result.set_exposed_ratio(1.187);
  result.set_control_ratio(1.056);
  const std::tuple<v1::StoreArea, v1::SalesPeriod, int64_t, int32_t> totals[] =
      {{v1::STORE_AREA_EXPOSED, v1::SALES_PERIOD_BEFORE, 18250, 13},
       {v1::STORE_AREA_EXPOSED, v1::SALES_PERIOD_DURING, 21663, 13},
       {v1::STORE_AREA_CONTROL, v1::SALES_PERIOD_BEFORE, 20110, 15},
       {v1::STORE_AREA_CONTROL, v1::SALES_PERIOD_DURING, 21236, 15}};
  for (const auto& [area, period, units, stores] : totals) {
    v1::AreaPeriodTotals& t = *result.add_totals();
    t.set_area(area);
    t.set_period(period);
    t.set_units_sold(units);
    t.set_stores(stores);
  }
  result.set_excluded_stores(2);

  v1::UpliftOutcome& refused = *report.add_uplift_studies();
  v1::UpliftStudy& lyon = *refused.mutable_study();
  lyon.set_study_id("std-91c2");
  lyon.set_campaign_id(report.campaign_id());
  lyon.set_brand_id(report.brand_id());
  lyon.set_name("Lyon convenience stores");
  *lyon.mutable_before()->mutable_first_day() = Day(2024, 2, 5);
  *lyon.mutable_before()->mutable_last_day() = Day(2024, 3, 3);
  *lyon.mutable_during()->mutable_first_day() = Day(2024, 3, 4);
  *lyon.mutable_during()->mutable_last_day() = Day(2024, 4, 1);
  lyon.set_min_stores_per_area(5);
  lyon.set_exposed_stores(3);
  lyon.set_control_stores(7);
  refused.set_refusal(v1::UPLIFT_REFUSAL_TOO_FEW_STORES);
  refused.set_refusal_detail(
      "UPLIFT_REFUSAL_TOO_FEW_STORES: exposed area has 3 usable stores, the "
      "study needs 5");
}

}  // namespace

ExportInput RealisticReport() {
  ExportInput input;
  v1::CampaignReport& report = input.report;
  report.set_campaign_id("cmp-2024-spring-oat");
  report.set_brand_id("brand-verdant");
  report.set_sku(kSkus[0]);
  report.set_slots(210);
  report.set_state(v1::CAMPAIGN_STATE_OPEN);
  *report.mutable_open_time() = At(1709539200);   // 2024-03-04T08:00:00Z
  *report.mutable_as_of_time() = At(1712151420);  // 2024-04-03T13:37:00Z
  report.set_events_applied(18342);
  report.set_version(4711);
  for (const TierShape& shape :
       {TierShape{common::v1::TIER_NANO, 1.0, 2400},
        TierShape{common::v1::TIER_MICRO, 0.55, 24000},
        TierShape{common::v1::TIER_MACRO, 0.12, 310000}}) {
    v1::TierFigures& tier = *report.add_by_tier();
    tier.set_tier(shape.tier);
    *tier.mutable_figures() = TierFiguresOf(shape);
  }
  *report.mutable_total() = Sum(report);
  AddStudies(report);

  // Thirty days from the opening: a ramp as parcels arrive, then a tail.
  for (int i = 0; i < 30; ++i) {
    ContentDay day;
    day.day = Day(2024, 3, 4 + i > 31 ? 4 + i - 31 : 4 + i);
    if (4 + i > 31) day.day.set_month(4);
    const int64_t wave = i < 8 ? i * 3 : std::max<int64_t>(2, 30 - i);
    day.approved = wave + (i % 3);
    day.pending = i % 4 == 0 ? 1 : (i % 7 == 3 ? 3 : 0);
    day.rejected = i % 5 == 2 ? 2 : (i % 9 == 1 ? 1 : 0);
    input.content_per_day.push_back(day);
  }
  return input;
}

}  // namespace nanoinfluence::kpi::testing
