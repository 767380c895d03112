#include "services/kpi/campaign_access.h"

#include "libs/auth/tenancy.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::kpi {

absl::StatusOr<VisibleCampaign> FindVisibleCampaign(
    sql::Connection& tx, const auth::Caller& caller,
    absl::string_view campaign_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT brand_id, version FROM campaigns WHERE campaign_id = ? "
               "AND opened = 1",
               {std::string(campaign_id)}));
  if (rows.rows.empty() || !caller.SeesBrand(rows.rows[0].Text(0))) {
    return auth::NotFound("campaign", campaign_id);
  }
  return VisibleCampaign{.brand_id = rows.rows[0].Text(0),
                         .version = rows.rows[0].Int(1)};
}

absl::StatusOr<std::string> VisibleCampaignBrand(
    sql::Connection& tx, const auth::Caller& caller,
    absl::string_view campaign_id) {
  NANO_ASSIGN_OR_RETURN(VisibleCampaign campaign,
                        FindVisibleCampaign(tx, caller, campaign_id));
  return campaign.brand_id;
}

absl::Status BumpReportVersion(sql::Connection& tx,
                               absl::string_view campaign_id) {
  return tx
      .Execute(
          "UPDATE campaigns SET version = version + 1 WHERE "
          "campaign_id = ?",
          {std::string(campaign_id)})
      .status();
}

}  // namespace nanoinfluence::kpi
