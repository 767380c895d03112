// Who may read a campaign's figures, and the report version every change of
// a figure bumps. Shared by the report, the studies and the exports so the
// tenancy rule is written once.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/auth/caller.h"
#include "libs/sql/database.h"

namespace nanoinfluence::kpi {

// A campaign the caller may see: its brand and report version.
struct VisibleCampaign {
  std::string brand_id;
  int64_t version = 0;
};

// The campaign when the caller may see it: NOT_FOUND
// ("campaign ...: not found") when it is missing, not opened yet (its
// CampaignOpened not applied), or another brand's. Runs in `tx`.
absl::StatusOr<VisibleCampaign> FindVisibleCampaign(
    sql::Connection& tx, const auth::Caller& caller,
    absl::string_view campaign_id);
// The same, its brand only.
absl::StatusOr<std::string> VisibleCampaignBrand(sql::Connection& tx,
                                                 const auth::Caller& caller,
                                                 absl::string_view campaign_id);

// Marks that a figure of the campaign's report changed (WatchCampaignReport
// pushes on a new version). Call in the transaction of the change.
absl::Status BumpReportVersion(sql::Connection& tx,
                               absl::string_view campaign_id);

}  // namespace nanoinfluence::kpi
