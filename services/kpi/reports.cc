// The read RPCs: a campaign's report, a metric per day, a brand's campaigns
// side by side.
#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/tenancy.h"
#include "libs/paging/page_token.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/timestamps.h"
#include "services/kpi/campaign_access.h"
#include "services/kpi/date_range.h"
#include "services/kpi/domain/conversion_curve.h"
#include "services/kpi/domain/counts.h"
#include "services/kpi/kpi.h"
#include "services/kpi/report_reader.h"

namespace nanoinfluence::kpi {
namespace {

using sql::TxMode;

// The daily names a metric is read from: its value, the divisor of an
// average (empty otherwise), and its samples.
struct MetricSource {
  std::string value;
  std::string divisor;
  std::string samples;
};

MetricSource SourceOf(v1::Metric metric) {
  switch (metric) {
    case v1::METRIC_AVERAGE_RATING:
      return {daily::kRatingStars, daily::kRatings, daily::kRatings};
    case v1::METRIC_ONLINE_REACH:
      return {daily::kOnlineReach, "", daily::kOnlineAuthors};
    case v1::METRIC_VIEWS:
      return {daily::kViews, "", daily::kMeasurements};
    case v1::METRIC_ENGAGEMENTS:
      return {daily::kEngagements, "", daily::kMeasurements};
    case v1::METRIC_OFFLINE_REACH:
      return {daily::kOfflineReach, "", daily::kDeclarations};
    default: {
      const std::string name = v1::Metric_Name(metric);
      return {name, "", name};
    }
  }
}

absl::Status CheckTimeSeries(const v1::GetMetricTimeSeriesRequest& request) {
  if (request.metric() == v1::METRIC_UNSPECIFIED) {
    return validation::InvalidField("metric", "required");
  }
  NANO_RETURN_IF_ERROR(validation::CheckEnum("metric", request.metric()));
  NANO_RETURN_IF_ERROR(
      validation::CheckOptionalUuid("campaign_id", request.campaign_id()));
  NANO_RETURN_IF_ERROR(
      validation::CheckOptionalBrandId("brand_id", request.brand_id()));
  if (!request.has_days()) return validation::InvalidField("days", "required");
  NANO_RETURN_IF_ERROR(CheckDateRange("days", request.days()));
  if (request.tier() != common::v1::TIER_UNSPECIFIED) {  // = all tiers
    NANO_RETURN_IF_ERROR(validation::CheckEnum("tier", request.tier()));
  }
  if (request.cumulative() && request.metric() == v1::METRIC_AVERAGE_RATING) {
    return validation::InvalidField("cumulative",
                                    "not allowed with METRIC_AVERAGE_RATING");
  }
  return absl::OkStatus();
}

v1::CampaignHeadline HeadlineOf(const v1::CampaignReport& report) {
  const v1::ReportFigures& total = report.total();
  v1::CampaignHeadline headline;
  headline.set_campaign_id(report.campaign_id());
  headline.set_sku(report.sku());
  headline.set_state(report.state());
  *headline.mutable_open_time() = report.open_time();
  if (report.has_close_time()) {
    *headline.mutable_close_time() = report.close_time();
  }
  headline.set_slots(report.slots());
  headline.set_eligible(total.funnel().eligible());
  headline.set_applied(total.funnel().applied());
  headline.set_delivered(total.funnel().delivered());
  headline.set_posted(total.funnel().posted());
  headline.set_completion_rate(total.funnel().completion_rate());
  headline.set_approved_ugc(total.ugc().approved_total());
  int64_t reviews = 0;
  for (const auto& page : total.conversion().pages()) reviews += page.reviews();
  headline.set_reviews(reviews);
  int64_t ratings = 0;
  double stars = 0;
  for (const auto& sku : total.ratings()) {
    ratings += sku.ratings();
    stars += sku.average() * static_cast<double>(sku.ratings());
  }
  headline.set_average_rating(
      ratings == 0 ? 0.0 : stars / static_cast<double>(ratings));
  headline.set_online_reach(total.online().reach());
  headline.set_engagement_rate(total.online().engagement_rate());
  headline.set_offline_reach(total.offline().people_told());
  *headline.mutable_as_of_time() = report.as_of_time();
  return headline;
}

}  // namespace

absl::StatusOr<v1::CampaignReport> Kpi::ReportIn(
    sql::Connection& tx, const Caller& caller, absl::string_view campaign_id,
    const v1::ConversionCurve* curve) {
  NANO_ASSIGN_OR_RETURN(VisibleCampaign campaign,
                        FindVisibleCampaign(tx, caller, campaign_id));
  const std::string id(campaign_id);
  if (curve == nullptr) {
    if (auto cached = cache_.Find(id, campaign.version)) return *cached;
  }
  NANO_ASSIGN_OR_RETURN(
      v1::CampaignReport report,
      ReadReport(tx, id, curve != nullptr ? *curve : default_curve_));
  NANO_ASSIGN_OR_RETURN(std::vector<v1::UpliftOutcome> outcomes,
                        UpliftStudies::OutcomesOf(tx, id));
  for (v1::UpliftOutcome& outcome : outcomes) {
    *report.add_uplift_studies() = std::move(outcome);
  }
  if (curve == nullptr) cache_.Keep(report);
  return report;
}

absl::Status Kpi::CheckReportRequest(absl::string_view campaign_id,
                                     const v1::ConversionCurve* curve,
                                     absl::string_view curve_field) {
  NANO_RETURN_IF_ERROR(validation::CheckUuid("campaign_id", campaign_id));
  if (curve != nullptr) return CheckCurve(*curve, curve_field);
  return absl::OkStatus();
}

absl::StatusOr<v1::CampaignReport> Kpi::VisibleReport(
    const Caller& caller, absl::string_view campaign_id,
    const v1::ConversionCurve* curve, absl::string_view curve_field) {
  NANO_RETURN_IF_ERROR(CheckReportRequest(campaign_id, curve, curve_field));
  v1::CampaignReport report;
  NANO_RETURN_IF_ERROR(db_.Transact(TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(report, ReportIn(tx, caller, campaign_id, curve));
    return absl::OkStatus();
  }));
  return report;
}

absl::Status Kpi::GetCampaignReport(const Caller& caller,
                                    const v1::GetCampaignReportRequest& request,
                                    v1::CampaignReport* response) {
  NANO_ASSIGN_OR_RETURN(
      *response,
      VisibleReport(caller, request.campaign_id(),
                    request.has_conversion_curve() ? &request.conversion_curve()
                                                   : nullptr,
                    "conversion_curve"));
  return absl::OkStatus();
}

absl::Status Kpi::GetMetricTimeSeries(
    const Caller& caller, const v1::GetMetricTimeSeriesRequest& request,
    v1::GetMetricTimeSeriesResponse* response) {
  NANO_RETURN_IF_ERROR(CheckTimeSeries(request));
  const int64_t first = DayNumber(request.days().first_day());
  const int64_t last = DayNumber(request.days().last_day());
  const MetricSource source = SourceOf(request.metric());
  // day -> name -> value
  std::map<int64_t, std::map<std::string, int64_t>> days;
  int64_t as_of = 0;
  // A brand naming another brand is refused whatever else the request
  // names, before any campaign is looked up (docs/security.md, tenancy).
  if (!request.brand_id().empty()) {
    NANO_RETURN_IF_ERROR(auth::BrandFor(caller, request.brand_id()).status());
  }
  NANO_RETURN_IF_ERROR(db_.Transact(TxMode::kRead, [&](sql::Connection& tx) {
    std::string campaigns;
    std::vector<sql::Value> params;
    if (!request.campaign_id().empty()) {
      NANO_RETURN_IF_ERROR(
          VisibleCampaignBrand(tx, caller, request.campaign_id()).status());
      campaigns = "campaign_id = ?";
      params.push_back(request.campaign_id());
    } else {
      NANO_ASSIGN_OR_RETURN(std::string brand,
                            auth::BrandFor(caller, request.brand_id()));
      campaigns =
          "campaign_id IN (SELECT campaign_id FROM campaigns WHERE brand_id "
          "= ? AND opened = 1)";
      params.push_back(brand);
    }
    NANO_ASSIGN_OR_RETURN(
        sql::ResultSet fresh,
        tx.Query(absl::StrCat("SELECT MAX(as_of_time) FROM campaigns WHERE ",
                              campaigns),
                 params));
    as_of = fresh.rows.empty() ? 0 : fresh.rows[0].Int(0);
    std::string sql = absl::StrCat(
        "SELECT day, name, SUM(value) FROM daily WHERE ", campaigns,
        " AND day >= ? AND day <= ? AND name IN (?, ?, ?)");
    params.insert(params.end(),
                  {first, last, source.value, source.samples, source.divisor});
    if (request.tier() != common::v1::TIER_UNSPECIFIED) {
      absl::StrAppend(&sql, " AND tier = ?");
      params.push_back(int64_t{request.tier()});
    }
    absl::StrAppend(&sql, " GROUP BY day, name");
    return tx.QueryEach(sql, params, [&](const sql::Row& row) {
      days[row.Int(0)][row.Text(1)] = row.Int(2);
    });
  }));

  response->set_metric(request.metric());
  response->set_tier(request.tier());
  *response->mutable_as_of_time() = Stamp(absl::FromUnixMicros(as_of));
  double running = 0;
  for (int64_t day = first; day <= last; ++day) {
    const auto& names = days[day];
    auto get = [&](const std::string& name) {
      auto it = names.find(name);
      return it == names.end() ? int64_t{0} : it->second;
    };
    v1::DailyValue* point = response->add_points();
    *point->mutable_day() = DateOfDay(day);
    point->set_samples(get(source.samples));
    double value = static_cast<double>(get(source.value));
    if (!source.divisor.empty()) {
      const int64_t divisor = get(source.divisor);
      value = divisor == 0 ? 0.0 : value / static_cast<double>(divisor);
    }
    running += value;
    point->set_value(request.cumulative() ? running : value);
  }
  return absl::OkStatus();
}

absl::Status Kpi::GetBrandOverview(const Caller& caller,
                                   const v1::GetBrandOverviewRequest& request,
                                   v1::GetBrandOverviewResponse* response) {
  NANO_RETURN_IF_ERROR(
      validation::CheckOptionalBrandId("brand_id", request.brand_id()));
  NANO_ASSIGN_OR_RETURN(std::string brand,
                        auth::BrandFor(caller, request.brand_id()));
  if (request.state() != v1::CAMPAIGN_STATE_UNSPECIFIED) {  // = any state
    NANO_RETURN_IF_ERROR(validation::CheckEnum("state", request.state()));
  }
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  response->set_brand_id(brand);
  return db_.Transact(TxMode::kRead, [&](sql::Connection& tx) {
    // Newest opening first: the cursor is (open_time, campaign_id) of the
    // last campaign shown.
    std::string sql =
        "SELECT campaign_id, open_time FROM campaigns WHERE brand_id = ? AND "
        "opened = 1";
    std::vector<sql::Value> params = {brand};
    if (request.state() != v1::CAMPAIGN_STATE_UNSPECIFIED) {
      absl::StrAppend(&sql, " AND closed = ?");
      params.push_back(
          int64_t{request.state() == v1::CAMPAIGN_STATE_CLOSED ? 1 : 0});
    }
    if (!page.after.empty()) {
      NANO_ASSIGN_OR_RETURN(paging::TimeCursor after,
                            paging::TimeCursor::Parse(page.after));
      absl::StrAppend(&sql,
                      " AND (open_time < ? OR (open_time = ? AND "
                      "campaign_id < ?))");
      params.insert(params.end(), {after.time, after.time, after.id});
    }
    absl::StrAppend(&sql, " ORDER BY open_time DESC, campaign_id DESC LIMIT ?");
    params.push_back(int64_t{page.size + 1});
    NANO_ASSIGN_OR_RETURN(sql::ResultSet rows, tx.Query(sql, params));
    const size_t shown = std::min<size_t>(rows.rows.size(), page.size);
    for (size_t i = 0; i < shown; ++i) {
      NANO_ASSIGN_OR_RETURN(
          v1::CampaignReport report,
          ReadReport(tx, rows.rows[i].Text(0), default_curve_));
      *response->add_campaigns() = HeadlineOf(report);
    }
    if (rows.rows.size() > shown) {
      const sql::Row& last = rows.rows[shown - 1];
      response->mutable_page()->set_next_page_token(page.NextToken(
          paging::TimeCursor{.time = last.Int(1), .id = last.Text(0)}
              .Format()));
    }
    return absl::OkStatus();
  });
}

}  // namespace nanoinfluence::kpi
