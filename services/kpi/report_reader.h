// Reads a campaign's report and daily figures from the aggregates, inside the
// caller's transaction. A report reads the campaign row, its totals (a number
// of rows bounded by tiers x figures x SKUs x platforms, whatever the number
// of content items) and the times to first post of its testers.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/sql/database.h"
#include "nanoinfluence/kpi/v1/report.pb.h"

namespace nanoinfluence::kpi {

// The campaign's report with `curve` for the conversion estimate, without
// its uplift studies (see UpliftStudies::OutcomesOf). NOT_FOUND when kpi
// holds no row of the campaign.
absl::StatusOr<v1::CampaignReport> ReadReport(sql::Connection& tx,
                                              absl::string_view campaign_id,
                                              const v1::ConversionCurve& curve);

// Every non-zero daily figure of the campaign, as
// "daily[<YYYY-MM-DD>].<tier>.<name>" -> value (what Recount compares).
absl::StatusOr<std::map<std::string, int64_t>> ReadDailyFigures(
    sql::Connection& tx, absl::string_view campaign_id);

}  // namespace nanoinfluence::kpi
