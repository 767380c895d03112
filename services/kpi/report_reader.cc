#include "services/kpi/report_reader.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "libs/auth/tenancy.h"
#include "libs/status/status_macros.h"
#include "libs/validation/timestamps.h"
#include "nanoinfluence/common/v1/tier.pb.h"
#include "services/kpi/date_range.h"
#include "services/kpi/domain/report_figures.h"

namespace nanoinfluence::kpi {
namespace {

using common::v1::Tier;

google::protobuf::Timestamp StampOf(int64_t unix_micros) {
  return Stamp(absl::FromUnixMicros(unix_micros));
}

}  // namespace

absl::StatusOr<v1::CampaignReport> ReadReport(
    sql::Connection& tx, absl::string_view campaign_id,
    const v1::ConversionCurve& curve) {
  const std::string id(campaign_id);
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet campaigns,
      tx.Query("SELECT brand_id, sku, slots, closed, open_time, close_time, "
               "eligible_nano, eligible_micro, eligible_macro, "
               "events_applied, as_of_time, version, campaign_name, "
               "brand_name, product_name FROM campaigns WHERE "
               "campaign_id = ?",
               {id}));
  if (campaigns.rows.empty()) return auth::NotFound("campaign", campaign_id);
  const sql::Row& campaign = campaigns.rows[0];

  v1::CampaignReport report;
  report.set_campaign_id(id);
  report.set_brand_id(campaign.Text(0));
  report.set_sku(campaign.Text(1));
  report.set_slots(static_cast<int32_t>(campaign.Int(2)));
  const bool closed = campaign.Int(3) != 0;
  report.set_state(closed ? v1::CAMPAIGN_STATE_CLOSED
                          : v1::CAMPAIGN_STATE_OPEN);
  *report.mutable_open_time() = StampOf(campaign.Int(4));
  if (closed) *report.mutable_close_time() = StampOf(campaign.Int(5));
  report.set_events_applied(campaign.Int(9));
  *report.mutable_as_of_time() = StampOf(campaign.Int(10));
  report.set_version(campaign.Int(11));
  report.set_campaign_name(campaign.Text(12));
  report.set_brand_name(campaign.Text(13));
  report.set_product_name(campaign.Text(14));

  CampaignBasis basis;
  for (int tier = 1; tier <= 3; ++tier) {
    basis.eligible[tier] = campaign.Int(5 + tier);
  }
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet times,
      tx.Query("SELECT time_to_post_tier, time_to_post FROM testers WHERE "
               "campaign_id = ? AND time_to_post IS NOT NULL",
               {id}));
  for (const sql::Row& row : times.rows) {
    const int64_t tier = row.Int(0);
    if (tier >= 1 && tier <= 3) basis.times_to_post[tier].push_back(row.Int(1));
  }

  std::vector<TotalRow> totals;
  NANO_RETURN_IF_ERROR(tx.QueryEach(
      "SELECT tier, name, dim, value FROM totals WHERE campaign_id = ? AND "
      "value <> 0",
      {id}, [&](const sql::Row& row) {
        totals.push_back({.tier = static_cast<int>(row.Int(0)),
                          .name = row.Text(1),
                          .dim = row.Text(2),
                          .value = row.Int(3)});
      }));

  *report.mutable_total() = FiguresOf(totals, basis, 0, curve);
  for (int tier = 1; tier <= 3; ++tier) {
    v1::TierFigures* by_tier = report.add_by_tier();
    by_tier->set_tier(static_cast<Tier>(tier));
    *by_tier->mutable_figures() = FiguresOf(totals, basis, tier, curve);
  }
  return report;
}

absl::StatusOr<std::map<std::string, int64_t>> ReadDailyFigures(
    sql::Connection& tx, absl::string_view campaign_id) {
  std::map<std::string, int64_t> figures;
  NANO_RETURN_IF_ERROR(tx.QueryEach(
      "SELECT day, tier, name, value FROM daily WHERE campaign_id = ? AND "
      "value <> 0",
      {std::string(campaign_id)}, [&](const sql::Row& row) {
        figures[absl::StrCat(
            "daily[", FormatDay(row.Int(0)), "].",
            common::v1::Tier_Name(static_cast<Tier>(row.Int(1))), ".",
            row.Text(2))] = row.Int(3);
      }));
  return figures;
}

}  // namespace nanoinfluence::kpi
